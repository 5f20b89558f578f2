/**
 * Proof that an enrolling device holds the private key it wants certified: a PKCS#10
 * certification request signed by that key, whose challengePassword is the challenge derived
 * from the one-time code sent with it. Without it anyone who has seen a device's public key (it
 * is in every PDF that device signed) could enroll it as their own and have the office certify
 * another engineer's signatures as theirs.
 */
import { createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import { enrollmentChallenge } from '../src-shared/sync/enrollment-code';
import { ApiError } from './errors';

const MIN_RSA_BITS = 2048;

// Weak digests (MD5, SHA-1) do not prove anything a forger could not fake.
const ACCEPTED_SIGNATURES = new Set([
  forge.pki.oids.sha256WithRSAEncryption,
  forge.pki.oids.sha384WithRSAEncryption,
  forge.pki.oids.sha512WithRSAEncryption,
]);

const refuse = (message: string): never => {
  throw new ApiError(422, 'key_proof_invalid', message);
};

function parseRequest(csrPem: string): forge.pki.CertificateSigningRequest {
  try {
    return forge.pki.certificationRequestFromPem(csrPem);
  } catch (error) {
    // forge reads RSA keys only; any other key type fails here.
    if (/OID is not RSA/i.test((error as Error).message)) {
      throw new ApiError(400, 'public_key_invalid', `the request's key must be an RSA key of at least ${MIN_RSA_BITS} bits`);
    }
    return refuse('csrPem is not a PEM PKCS#10 certification request');
  }
}

/** The public key of the request (normalized SPKI PEM), once the request proves possession of it for this code. */
export async function provenPublicKey(csrPem: string, code: string): Promise<string> {
  const csr = parseRequest(csrPem);
  // RSA: the device's PDF-signing key is RSA, and the office CA (node-forge) certifies RSA keys only.
  const publicKeyPem = forge.pki.publicKeyToPem(csr.publicKey as forge.pki.rsa.PublicKey);
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new ApiError(400, 'public_key_invalid', `the request's key must be an RSA key of at least ${MIN_RSA_BITS} bits`);
  }
  if (!ACCEPTED_SIGNATURES.has(csr.signatureOid ?? '')) refuse('the request must be signed with SHA-256, SHA-384 or SHA-512 and RSA');
  let verified = false;
  try {
    verified = csr.verify();
  } catch {
    verified = false;
  }
  if (!verified) refuse('the request is not signed by the key it names: this device does not hold that key');
  const challenge = csr.getAttribute({ name: 'challengePassword' })?.value;
  if (typeof challenge !== 'string' || challenge !== (await enrollmentChallenge(code))) {
    refuse('the request was not made for this enrollment code (its challengePassword must be the code\'s challenge)');
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
