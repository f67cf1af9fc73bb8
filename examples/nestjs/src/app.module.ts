// An API with one signed controller (orders) and one public route (health).
import {
  Body,
  Controller,
  type DynamicModule,
  Get,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import type { VerifiedRequest, Verifier } from '@signwire/server';
import { signwire } from '@signwire/server/express';
import { SIGNWIRE_VERIFIER, Signwire, SignwireGuard } from './signwire.js';

@Controller('orders')
@UseGuards(SignwireGuard)
export class OrdersController {
  @Post()
  create(@Body() order: unknown, @Signwire() verified: VerifiedRequest): { by: string; order: unknown } {
    return { by: verified.keyId, order }; // @Body() is the verified JSON, parsed from the verified bytes
  }

  @Post(':id/notes')
  note(
    @Param('id') id: string,
    @Body() body: unknown,
    @Signwire() verified: VerifiedRequest,
  ): { id: string; body: unknown; covered: readonly string[] } {
    return { id, body, covered: verified.covered };
  }
}

/** Guarded but (by mistake, for the test) not behind the middleware: the guard refuses it. */
@Controller('reports')
@UseGuards(SignwireGuard)
export class ReportsController {
  @Get()
  list(): string[] {
    return ['unreachable'];
  }
}

@Controller('health')
export class HealthController {
  @Get()
  check(): { ok: true } {
    return { ok: true };
  }
}

@Module({})
export class AppModule implements NestModule {
  /** The module with this verifier (createVerifier in main.ts; a test passes its own). */
  static withVerifier(verifier: Verifier): DynamicModule {
    return {
      module: AppModule,
      controllers: [OrdersController, ReportsController, HealthController],
      providers: [{ provide: SIGNWIRE_VERIFIER, useValue: verifier }],
    };
  }

  constructor(@Inject(SIGNWIRE_VERIFIER) private readonly verifier: Verifier) {}

  configure(consumer: MiddlewareConsumer): void {
    // Every route that needs a signature; the health check stays public.
    consumer.apply(signwire(this.verifier)).forRoutes(OrdersController);
  }
}
