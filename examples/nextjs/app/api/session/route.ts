// POST /api/session: a short-lived signing key for this browser (a real app checks the user's session first).
import { issueSessionKey } from '../../../lib/verifier';

export function POST(): Response {
  return Response.json(issueSessionKey(), { headers: { 'cache-control': 'no-store' } });
}
