// "Copy as curl" and "Copy as signwire curl": the inspector's signed request as a shell command.
import { shellQuote } from '../src/shell-quote.ts';

/** The signed request as a plain curl command: valid for the maximum age (300 s), and once. */
export function curlCommand({ method, url, headers, signed, text }) {
  const args = ['curl', '-X', method, url];
  for (const [name, value] of [...headers, ...Object.entries(signed)]) args.push('-H', `${name}: ${value}`);
  if (text !== '') args.push('--data-raw', text);
  return args.map(shellQuote).join(' ');
}

/** The same request for `signwire curl`, which signs it afresh when it runs (the secret from SIGNWIRE_SECRET). */
export function signwireCommand({ method, url, headers, text, keyId, components }) {
  const args = ['signwire', 'curl', '--key-id', keyId, '-X', method];
  for (const [name, value] of headers) args.push('-H', `${name}: ${value}`);
  for (const component of components) args.push('--component', component);
  if (text !== '') args.push('--data-raw', text);
  args.push(url);
  return args.map(shellQuote).join(' ');
}
