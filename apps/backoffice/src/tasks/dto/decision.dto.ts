import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBooleanString, IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { LIFE_EVENT_TYPES } from '@simpul/contracts';
import { PageQueryDto } from '@simpul/http';

export const DECISION_OUTCOMES = ['APPROVE', 'REJECT', 'REQUEST_INFORMATION'] as const;

export class DecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IsIn(DECISION_OUTCOMES)
  outcome!: (typeof DECISION_OUTCOMES)[number];

  @ApiPropertyOptional({ description: 'required for a rejection' })
  @ValidateIf((o: DecisionDto) => o.outcome === 'REJECT' || o.reason !== undefined)
  @IsString()
  @Length(3, 500)
  reason?: string;

  @ApiPropertyOptional({ description: 'the question to the citizen; required for REQUEST_INFORMATION' })
  @ValidateIf((o: DecisionDto) => o.outcome === 'REQUEST_INFORMATION' || o.message !== undefined)
  @IsString()
  @Length(3, 1000)
  message?: string;
}

export class TaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LIFE_EVENT_TYPES })
  @IsOptional()
  @IsIn(LIFE_EVENT_TYPES as unknown as string[])
  lifeEvent?: string;

  @ApiPropertyOptional({ enum: ['WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN'] })
  @IsOptional()
  @IsIn(['WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN'])
  status?: 'WAITING_FOR_OFFICER' | 'WAITING_FOR_CITIZEN';

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsBooleanString()
  overdue?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'overdue tasks escalated to the supervisor' })
  @IsOptional()
  @IsBooleanString()
  escalated?: string;
}
