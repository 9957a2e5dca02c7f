import { Global, Module } from '@nestjs/common';
import { settingsFrom } from '@simpul/config';
import { ApplicationsModule } from '../applications/applications.module';
import { FamilyCardController } from './family-card.controller';
import { FAMILY_CARD_SETTINGS, FamilyCardService, type FamilyCardSettings } from './family-card.service';

/** Once only: the civil registry's family card, read through its adapter for pre-fills (docs/health-facility-events.md). */
@Global()
@Module({
  imports: [ApplicationsModule],
  controllers: [FamilyCardController],
  providers: [settingsFrom<FamilyCardSettings>(FAMILY_CARD_SETTINGS, (c) => c.familyCard), FamilyCardService],
  exports: [FamilyCardService],
})
export class FamilyCardModule {}
