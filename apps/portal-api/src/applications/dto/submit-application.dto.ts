import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsTimestamp } from '@simpul/http';
import { APPLICATION_STATUSES, LIFE_EVENT_TYPES, type ApplicationStatus, type LifeEventType } from '@simpul/contracts';
import { IsNik } from './identifier.validators';

export const CHANNELS = ['SELF', 'MPP_COUNTER', 'MOBILE_SERVICE'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The counter officer who filed on the citizen's behalf (an MPP counter or a mobile service unit). */
export class AssistedByDto {
  @ApiProperty({ description: "the officer's staff id at the service point", example: 'mpp-jaksel-017' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:@-]{1,64}$/, { message: 'officerId must be 1-64 characters of A-Z a-z 0-9 . _ : @ -' })
  officerId!: string;

  @ApiProperty({ description: 'the service point: MPP, district office or mobile unit', example: 'MPP Jakarta Selatan' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  @Matches(/^[\p{L}\p{N} .,()'/-]+$/u, { message: 'office must be letters, digits, spaces and . , ( ) \' / -' })
  office!: string;
}

/** A counter officer's proof that the citizen is present: the presence check and the code the citizen received. */
export class PresenceProofDto {
  @ApiProperty({ description: 'the id from POST /v1/presence-checks', format: 'uuid' })
  @IsUUID('4')
  checkId!: string;

  @ApiProperty({ description: 'the six-digit code the identity provider sent to the citizen', example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code!: string;
}

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

  @ApiPropertyOptional({ type: AssistedByDto, description: 'required when channel is MPP_COUNTER or MOBILE_SERVICE; not allowed for SELF' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssistedByDto)
  assistedBy?: AssistedByDto;

  @ApiPropertyOptional({ type: PresenceProofDto, description: 'required when a counter officer files (role counter-officer): the citizen\'s presence; the officer and the mall come from the token' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PresenceProofDto)
  presence?: PresenceProofDto;

  @ApiProperty({ description: 'the life event data section; see GET /v1/life-events' })
  @IsObject()
  data!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: "the citizen's consent per data-sharing step (step id → true/false; see consentSteps in GET /v1/life-events). A step left out is not consented to and is skipped.",
    example: { 'enrol-newborn': true, 'assess-family': false },
  })
  @IsOptional()
  @IsObject()
  consents?: Record<string, boolean>;
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

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS as unknown as string[])
  channel?: Channel;

  @ApiPropertyOptional({ description: "the caller's own Idempotency-Key of the submission (the portal's transaction id)" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, { message: 'idempotencyKey must be 8-128 characters of A-Z a-z 0-9 . _ : -' })
  idempotencyKey?: string;

  @ApiPropertyOptional({ description: 'only applications filed at or after this time (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'only applications filed before this time (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  createdTo?: string;
}
