import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

/** A PEM key pair and certificate for loopback HTTPS servers in tests and simulators. */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

/** Options of {@link createSelfSignedCertificate}: the names it is valid for and how long. */
export interface SelfSignedCertificateOptions {
  /** Subject common name (CN). @default 'localhost' */
  commonName?: string;
  /** DNS names and IP addresses the certificate is valid for. @default ['localhost', '127.0.0.1', '::1'] */
  altNames?: readonly string[];
  /** Days the certificate stays valid, from a minute ago. @default 1 */
  validDays?: number;
}

// A minimal DER writer: enough of ASN.1 for one X.509 v3 certificate, so that no dependency
// and no openssl binary is needed.
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      v = Math.floor(v / 128);
    } while (v > 0);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (content: Buffer) => tlv(0x04, content);
const bits = (content: Buffer) => tlv(0x03, Buffer.from([0]), content);
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${iso}Z`, 'ascii'));
}
function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const parse = (s: string) => (s ? s.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  const groups = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(g, i * 2);
  return out;
}

/**
 * Generates a self-signed certificate (EC P-256, ECDSA with SHA-256) with the given subject
 * alternative names, usable as the server certificate and as the client's trusted CA.
 * @example const { key, cert } = createSelfSignedCertificate(); startLoopbackServer(h, { tls: { key, cert } });
 */
export function createSelfSignedCertificate(
  options: SelfSignedCertificateOptions = {},
): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const algorithm = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(options.commonName ?? 'localhost'))));
  const now = Date.now();
  const validity = sequence(
    time(new Date(now - 60_000)),
    time(new Date(now + (options.validDays ?? 1) * 86_400_000)),
  );
  const altNames = (options.altNames ?? ['localhost', '127.0.0.1', '::1']).map((n) =>
    isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n, 'ascii')),
  );
  const extensions = tlv(
    0xa3,
    sequence(
      sequence(
        oid('2.5.29.19'),
        tlv(0x01, Buffer.from([0xff])),
        octets(sequence(tlv(0x01, Buffer.from([0xff])))),
      ),
      sequence(oid('2.5.29.15'), octets(tlv(0x03, Buffer.from([0x05, 0xa0])))),
      sequence(oid('2.5.29.17'), octets(sequence(...altNames))),
    ),
  );
  const serial = randomBytes(16);
  // A positive DER INTEGER without padding: the high bit clear (else it reads as negative) and
  // the first byte non-zero (a leading 0x00 before a byte under 0x80 is "illegal padding").
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    algorithm,
    name,
    validity,
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, bits(signature));
  const pem = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${pem}${pem.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
  };
}
