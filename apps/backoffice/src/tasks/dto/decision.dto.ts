import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

export class DecisionDto {
  @ApiProperty({ enum: ['APPROVE', 'REJECT'] })
  @IsIn(['APPROVE', 'REJECT'])
  outcome!: 'APPROVE' | 'REJECT';

  @ApiPropertyOptional({ description: 'required for a rejection' })
  @ValidateIf((o: DecisionDto) => o.outcome === 'REJECT' || o.reason !== undefined)
  @IsString()
  @Length(3, 500)
  reason?: string;

  @ApiPropertyOptional({ description: 'a message to the citizen' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  message?: string;
}
