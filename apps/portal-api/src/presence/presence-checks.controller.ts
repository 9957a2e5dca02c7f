import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { IsNik } from '../applications/dto/identifier.validators';
import { PresenceClient } from './presence.client';

export class PresenceCheckDto {
  @ApiProperty({ description: 'the NIK of the citizen at the counter', example: '3273014506900001' })
  @IsNik()
  nik!: string;
}

/**
 * A counter officer (MPP) starts a presence check: the identity provider sends the citizen a one-time code; the
 * officer files the application with `presence: { checkId, code }` once the citizen reads it out.
 */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/presence-checks')
export class PresenceChecksController {
  constructor(private readonly presence: PresenceClient) {}

  @Post()
  @HttpCode(201)
  @Roles('counter-officer')
  async start(@CurrentPrincipal() principal: Principal, @Body() dto: PresenceCheckDto) {
    const { id, expiresAt } = await this.presence.challenge(dto.nik, principal.subject, principal.mallId as string);
    return { id, expiresAt, sentTo: 'the citizen\'s registered contact at the identity provider' };
  }
}
