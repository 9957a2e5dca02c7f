import { Controller, Get, Header } from '@nestjs/common';
import { registry } from './metrics';
import { Roles } from '@simpul/auth';

@Controller('metrics')
export class MetricsController {
  @Get()
  @Roles('operator', 'monitoring')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    return registry.metrics();
  }
}
