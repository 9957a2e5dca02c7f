import { Module, type DynamicModule } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { FamilyCardController } from './family-card.controller';
import { FAMILY_CARD_SETTINGS, FamilyCardService, type FamilyCardSettings } from './family-card.service';

/** Once only: the civil registry's family card, read through its adapter for pre-fills (docs/health-facility-events.md). */
@Module({})
export class FamilyCardModule {
  static forRoot(settings: FamilyCardSettings): DynamicModule {
    return {
      module: FamilyCardModule,
      global: true,
      imports: [ApplicationsModule],
      controllers: [FamilyCardController],
      providers: [{ provide: FAMILY_CARD_SETTINGS, useValue: settings }, FamilyCardService],
      exports: [FamilyCardService],
    };
  }
}
