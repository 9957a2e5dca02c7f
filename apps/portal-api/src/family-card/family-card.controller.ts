import { Controller, Get, Headers } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { correlationIdFrom } from '../common/correlation-id';
import { FamilyCardService } from './family-card.service';

class FamilyMemberView {
  @ApiProperty({ pattern: '^\\d{16}$' }) nik!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['F', 'M'] }) sex!: string;
  @ApiProperty({ format: 'date' }) birthDate!: string;
  @ApiProperty({ enum: ['HEAD', 'SPOUSE', 'CHILD', 'OTHER'], description: "the member's place on the card" }) relation!: string;
}

class FamilyCardView {
  @ApiProperty({ pattern: '^\\d{16}$' }) kkNumber!: string;
  @ApiProperty({ type: [FamilyMemberView] }) members!: FamilyMemberView[];
}

@ApiTags('family card')
@ApiBearerAuth()
@Controller('v1/me/family-card')
export class FamilyCardController {
  constructor(private readonly familyCards: FamilyCardService) {}

  /**
   * The signed-in citizen's own family card, from the civil registry, so a form never asks for what the state holds.
   * Only one's own card (found by the token's NIK); every read is audited.
   */
  @Get()
  @Roles('citizen')
  @ApiOkResponse({ type: FamilyCardView })
  async own(@CurrentPrincipal() principal: Principal, @Headers('x-correlation-id') correlationId: string | undefined): Promise<FamilyCardView> {
    const actor = { subject: `citizen:${this.familyCards.personRef(principal.nik as string)}`, role: 'citizen' };
    const read = await this.familyCards.read(principal.nik as string, actor, 'own-family-card', correlationIdFrom(correlationId));
    if (read.status === 'FOUND') return read.card;
    if (read.status === 'NOT_FOUND') throw new ProblemException({ title: 'Not Found', status: 404, detail: 'the civil registry holds no family card for you' });
    throw new ProblemException({ type: 'https://simpul.go.id/problems/registry-unavailable', title: 'Civil registry unavailable', status: 503, detail: 'the civil registry did not answer in time; try again in a minute, or fill the form by hand' });
  }
}
