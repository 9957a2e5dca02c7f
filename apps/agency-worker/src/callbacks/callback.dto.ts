import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** An agency's final answer to an earlier request it accepted with 202. */
export class AgencyCallbackDto {
  @ApiProperty({ description: 'the Idempotency-Key of the request this answers' })
  @IsString()
  @Length(3, 300)
  idempotencyKey!: string;

  @ApiProperty({ description: 'the HTTP status the agency would have answered synchronously: 200/201 done, 422 rejected, 409 conflict' })
  @IsInt()
  @Min(200)
  @Max(599)
  status!: number;

  @ApiProperty({ description: 'the answer body, as the synchronous API would have returned it' })
  @IsObject()
  body!: Record<string, unknown>;

  @ApiProperty({ required: false, description: "the agency's rule-set version that decided" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  ruleVersion?: string;
}
