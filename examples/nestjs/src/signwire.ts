// The Signwire recipe for NestJS on Express: the @signwire/server/express middleware applied to the
// routes that need it (Nest's own body parser off), a parameter decorator for the verified result,
// and a guard that fails closed on a route the middleware does not cover.
import { type CanActivate, createParamDecorator, type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import type { VerifiedRequest } from '@signwire/server';
import type { Request } from 'express';

/** The injection token of the app's verifier. */
export const SIGNWIRE_VERIFIER = Symbol('signwire verifier');

function misconfigured(): HttpException {
  // The middleware answers every rejection itself, so reaching a handler without a verified request
  // is a wiring mistake: a 500 with Signwire's error shape, never an unverified request let through.
  return new HttpException(
    {
      error: {
        code: 'CONFIGURATION_INVALID',
        message:
          'this route needs a verified request, but the Signwire middleware did not run for it: add it to consumer.apply(signwire(verifier)).forRoutes(…)',
      },
    },
    500,
  );
}

function verifiedOf(context: ExecutionContext): VerifiedRequest {
  const verified = context.switchToHttp().getRequest<Request>().signwire;
  if (verified === undefined) throw misconfigured();
  return verified;
}

/** `@Signwire() verified: VerifiedRequest` in a controller method: the verified signature (key id, covered components, bytes). */
export const Signwire = createParamDecorator((_data: unknown, context: ExecutionContext): VerifiedRequest => verifiedOf(context));

/** `@UseGuards(SignwireGuard)`: refuses (500 CONFIGURATION_INVALID) a request the middleware did not verify. */
@Injectable()
export class SignwireGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    verifiedOf(context);
    return true;
  }
}
