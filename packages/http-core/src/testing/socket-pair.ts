import { Duplex } from 'node:stream';

/**
 * Two connected in-memory stream ends, as the two ends of a TCP connection: what one writes the
 * other reads, ending one ends the other's reading, destroying one destroys the other (a reset).
 */
export function socketPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const peer = (end: Duplex) => (ends[0] === end ? ends[1] : ends[0]) as Duplex;
  const end = () =>
    new Duplex({
      read() {},
      write(this: Duplex, chunk: Buffer, _encoding, callback) {
        peer(this).push(chunk);
        callback();
      },
      final(this: Duplex, callback) {
        peer(this).push(null);
        callback();
      },
      destroy(this: Duplex, error, callback) {
        const other = peer(this);
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  ends.push(end(), end());
  return ends as [Duplex, Duplex];
}
