import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ResolveIncidentDto {
  @ApiProperty({ description: 'what the operator did to fix the cause (kept with the application)' })
  @IsString()
  @Length(5, 1000)
  note!: string;
}
