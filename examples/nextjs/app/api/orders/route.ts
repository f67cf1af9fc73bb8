// POST /api/orders: verified by withSignwire before the handler runs; the handler reads the verified body.
import { withSignwire } from '@signwire/server/fetch';
import { verifier } from '../../../lib/verifier';

export const POST = withSignwire(verifier, async (request) => {
  const order = await request.json(); // exactly the verified bytes
  return Response.json({ by: request.signwire.keyId, order }, { status: 201 });
});
