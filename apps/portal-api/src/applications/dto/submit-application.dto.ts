import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { APPLICATION_STATUSES, LIFE_EVENT_TYPES, type ApplicationStatus, type LifeEventType } from '@simpul/contracts';
import { IsNik } from './identifier.validators';

export const CHANNELS = ['SELF', 'MPP_COUNTER', 'MOBILE_SERVICE'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Envelope of every application; `data` is validated against the life event's own DTO. */
export class SubmitApplicationDto {
  @ApiProperty({ enum: LIFE_EVENT_TYPES })
  @IsIn(LIFE_EVENT_TYPES as unknown as string[])
  lifeEvent!: LifeEventType;

  @ApiPropertyOptional({ description: "the applicant's NIK; required when a portal files for a citizen, else the token's subject" })
  @IsOptional()
  @IsNik()
  applicantNik?: string;

  @ApiPropertyOptional({ enum: CHANNELS, default: 'SELF' })
  @IsOptional()
  @IsIn(CHANNELS as unknown as string[])
  channel?: Channel;

  @ApiProperty({ description: 'the life event data section; see GET /v1/life-events' })
  @IsObject()
  data!: Record<string, unknown>;
}

export class ListApplicationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page (nextCursor)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES as unknown as string[])
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: LIFE_EVENT_TYPES })
  @IsOptional()
  @IsIn(LIFE_EVENT_TYPES as unknown as string[])
  lifeEvent?: LifeEventType;
}
