import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@simpul/http';

export const MANUAL_OUTCOMES = ['COMPLETED', 'REJECTED'] as const;

export class ManualOutcomeDto {
  @ApiProperty({ enum: MANUAL_OUTCOMES, description: 'COMPLETED: done by hand, with the document number; REJECTED: a business rejection, with the reason' })
  @IsIn(MANUAL_OUTCOMES)
  outcome!: (typeof MANUAL_OUTCOMES)[number];

  @ApiPropertyOptional({ description: 'the document reference the office issued (certificate, decree, register number); required for COMPLETED' })
  @ValidateIf((o: ManualOutcomeDto) => o.outcome === 'COMPLETED' || o.documentNumber !== undefined)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9./-]{1,63}$/, { message: 'documentNumber must be 2-64 letters, digits, dots, slashes or dashes' })
  documentNumber?: string;

  @ApiPropertyOptional({ description: 'why the office refuses; required for REJECTED' })
  @ValidateIf((o: ManualOutcomeDto) => o.outcome === 'REJECTED' || o.reason !== undefined)
  @IsString()
  @Length(3, 500)
  reason?: string;

  @ApiPropertyOptional({ description: 'values later steps need from this one (e.g. pkhEligible), as strings', type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  outputs?: Record<string, string>;
}

export class ManualTaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['OPEN', 'COMPLETED', 'REJECTED'] })
  @IsOptional()
  @IsIn(['OPEN', 'COMPLETED', 'REJECTED'])
  status?: 'OPEN' | 'COMPLETED' | 'REJECTED';
}
