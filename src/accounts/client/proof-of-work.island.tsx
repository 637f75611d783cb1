import { useEffect, useState } from 'preact/hooks';

/**
 * Solves the sign-up check while the reader fills in the form: the number whose SHA-256 with
 * the salt is the challenge (ALTCHA's protocol). The answer goes in a hidden field; a person
 * never waits for it, a script pays for every account it tries to make.
 */
export interface ProofOfWorkProps {
  challenge: { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string };
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function solve({ challenge, salt, maxnumber = 1_000_000 }: ProofOfWorkProps['challenge']): Promise<number | null> {
  const encoder = new TextEncoder();
  const BATCH = 500;
  for (let start = 0; start <= maxnumber; start += BATCH) {
    const numbers = Array.from({ length: Math.min(BATCH, maxnumber - start + 1) }, (_, i) => start + i);
    const digests = await Promise.all(numbers.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(salt + n))));
    const found = digests.findIndex((d) => hex(d) === challenge);
    if (found >= 0) return numbers[found]!;
  }
  return null;
}

export function ProofOfWork({ challenge }: ProofOfWorkProps) {
  const [payload, setPayload] = useState('');
  useEffect(() => {
    void solve(challenge).then((number) => {
      if (number === null) return;
      const { algorithm, challenge: c, salt, signature } = challenge;
      setPayload(btoa(JSON.stringify({ algorithm, challenge: c, number, salt, signature })));
    });
  }, []);
  return <input type="hidden" name="altcha" value={payload} />;
}

export default ProofOfWork;
