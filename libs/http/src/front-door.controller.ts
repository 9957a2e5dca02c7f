import { Controller, Get, Redirect, type Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@simpul/auth';

/**
 * The front door: `GET /` sends a person who typed the host name where the app's people go (the back office's web
 * app, portal-api's API docs). Public, like the page it leads to; every other unknown path stays a 404 problem.
 */
export function frontDoorController(target: string): Type<unknown> {
  @ApiExcludeController()
  @Public()
  @Controller()
  class FrontDoorController {
    @Get()
    @Redirect(target, 302)
    root(): void {
      // The redirect is the whole answer.
    }
  }
  return FrontDoorController;
}
