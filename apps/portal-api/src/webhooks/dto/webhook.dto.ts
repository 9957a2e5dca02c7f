import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ description: 'where deliveries are POSTed: an absolute http(s) URL without credentials or fragment', example: 'https://portal.example.go.id/simpul/events', format: 'uri', pattern: '^https?://[^/?#@\\s]+(/[^#\\s]*)?$' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ description: 'the signing secret (16-256 printable characters); when absent one is generated and returned once' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'secret must be printable ASCII without spaces' })
  secret?: string;

  @ApiPropertyOptional({ description: 'a note for the portal team', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

import { DELIVERY_STATUSES, type DeliveryStatus } from '@simpul/persistence';

export { DELIVERY_STATUSES, type DeliveryStatus };

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'only deliveries after this delivery id (the log is in delivery order)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a delivery id' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'only the deliveries of one application' })
  @IsOptional()
  @IsUUID('4')
  applicationId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES as unknown as string[])
  status?: DeliveryStatus;
}
