import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsKk, IsNik, IsPastIsoDate, IsWomansNik } from './identifier.validators';

export class ChildDto {
  @ApiProperty({ example: 'Siti Aminah' })
  @IsString()
  @Length(1, 120)
  @Matches(/^[\p{L} .,'-]+$/u, { message: 'name may contain letters, spaces and . , \' - only' })
  name!: string;

  @ApiProperty({ enum: ['F', 'M'] })
  @IsIn(['F', 'M'])
  sex!: 'F' | 'M';

  @ApiProperty({ example: '2026-11-01' })
  @IsPastIsoDate()
  birthDate!: string;

  @ApiProperty({ example: 'Bandung' })
  @IsString()
  @Length(1, 80)
  birthPlace!: string;
}

/** The data section of a BIRTH application. */
export class BirthDataDto {
  @ApiProperty({ example: '3273014506900001', description: "mother's NIK (16 digits; birth day + 40)" })
  @IsWomansNik()
  motherNik!: string;

  @ApiPropertyOptional({ example: '3273011203880002' })
  @IsOptional()
  @IsNik()
  fatherNik?: string;

  @ApiProperty({ example: '3273011501150001', description: 'family card (KK) number, 16 digits' })
  @IsKk()
  kkNumber!: string;

  @ApiProperty({ type: ChildDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ChildDto)
  child!: ChildDto;
}
