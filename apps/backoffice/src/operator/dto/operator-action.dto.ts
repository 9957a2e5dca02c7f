import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { PageQueryDto } from '@simpul/http';
import { DEAD_LETTER_STATUSES, type DeadLetterStatus } from '../dead-letters/dead-letters.repository';

/** Every operator action says why; the reason is kept with the action (no personal data, please). */
export class ReasonDto {
  @ApiProperty({ description: 'why the operator does this (kept in the operator actions record)', minLength: 10, maxLength: 1000 })
  @IsString()
  @Length(10, 1000)
  reason!: string;
}

export class UnmaskQueryDto {
  @ApiPropertyOptional({ description: 'show personal data unmasked, for this reason (recorded); operators only', minLength: 10, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(10, 1000)
  unmaskReason?: string;
}

export class ReplayDeadLettersDto extends ReasonDto {
  @ApiProperty({ type: [Number], description: 'dead letter ids (1-100)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => Number)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  ids!: number[];
}

export class DeadLettersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEAD_LETTER_STATUSES })
  @IsOptional()
  @IsIn(DEAD_LETTER_STATUSES, { message: `status must be ${DEAD_LETTER_STATUSES.join(', ')}` })
  status?: DeadLetterStatus;

  @ApiPropertyOptional({ description: 'origin topic, e.g. applications.status.v1' })
  @IsOptional()
  @Matches(/^[a-z0-9._-]{1,100}$/, { message: 'originTopic must be a topic name' })
  originTopic?: string;

  @ApiPropertyOptional({ description: 'the message key (an application id on our topics)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  key?: string;

}
