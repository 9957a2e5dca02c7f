import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { AGENCY_IDS, APPLICATION_STATUSES, LIFE_EVENT_TYPES, STEP_STATUSES, type AgencyId, type ApplicationStatus, type LifeEventType, type StepStatus } from '@simpul/contracts';
import { ISO_DURATION_PATTERN, parseIsoDuration } from '../common/iso-duration';
import { IsTimestamp, PageQueryDto } from '@simpul/http';

const IsIsoDuration = () =>
  ValidateBy({
    name: 'isIsoDuration',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && parseIsoDuration(v) !== null,
      defaultMessage: () => 'stuckFor must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. PT30M or P2D',
    },
  });

/** Every filter is optional; they combine with AND. */
export class SearchApplicationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES as unknown as string[])
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: LIFE_EVENT_TYPES })
  @IsOptional()
  @IsIn(LIFE_EVENT_TYPES as unknown as string[])
  lifeEvent?: LifeEventType;

  @ApiPropertyOptional({ enum: AGENCY_IDS, description: 'has a step at this agency (with stepStatus: that step is in that status)' })
  @IsOptional()
  @IsIn(AGENCY_IDS as unknown as string[])
  agency?: AgencyId;

  @ApiPropertyOptional({ enum: STEP_STATUSES, description: 'has a step in this status, e.g. FAILED' })
  @IsOptional()
  @IsIn(STEP_STATUSES as unknown as string[])
  stepStatus?: StepStatus;

  @ApiPropertyOptional({ description: 'filed at or after (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'filed before (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  createdTo?: string;

  @ApiPropertyOptional({ description: 'not final, and nothing happened for longer than this ISO 8601 duration (PT30M, P2D)', pattern: ISO_DURATION_PATTERN })
  @IsOptional()
  @IsIsoDuration()
  stuckFor?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'has (or has no) open incident' })
  @IsOptional()
  @IsIn(['true', 'false'])
  openIncident?: 'true' | 'false';

}
