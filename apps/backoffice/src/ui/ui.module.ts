import { Module, type DynamicModule } from '@nestjs/common';
import type { SimpulConfig } from '@simpul/config';
import { frontDoorController, lifeEventCatalogController } from '@simpul/http';
import { backofficePages } from './pages';

/**
 * The web pages at /ui/, the front door and the life-event catalog. Its controllers are made from the configuration
 * (the identity provider in the pages' CSP and settings), so it takes the configuration when the module is defined.
 */
@Module({})
export class UiModule {
  static forRoot(config: SimpulConfig): DynamicModule {
    return {
      module: UiModule,
      controllers: [frontDoorController('/ui/'), lifeEventCatalogController('officer', 'supervisor', 'operator', 'auditor'), backofficePages(config)],
    };
  }
}
