import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

/** The family's confirmation of a draft: what they complete or correct, and their consents. */
export class ConfirmDraftDto {
  @ApiPropertyOptional({
    description: "fields to complete or correct, in the life event's data schema (GET /v1/life-events); they replace the draft's values of the same name",
    example: { kkNumber: '3273010101150001', child: { name: 'Putri Ayu', sex: 'F', birthDate: '2026-12-05', birthPlace: 'Kota Bandung' } },
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'consent per data-sharing step (step id → true/false); a step left out is not consented to and is skipped', example: { 'enrol-newborn': true } })
  @IsOptional()
  @IsObject()
  consents?: Record<string, boolean>;
}
