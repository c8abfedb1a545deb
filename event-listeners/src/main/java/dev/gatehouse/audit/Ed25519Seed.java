package dev.gatehouse.audit;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Ed25519 public key of a 32-byte RFC 8032 seed, through Bouncy Castle (which Keycloak ships; provided, never
 * packed). The JDK derives it only inside a key pair generator. Used by signing in the server; the offline
 * verifier never loads this class, so its jar still runs on the JDK alone.
 */
final class Ed25519Seed {

    private Ed25519Seed() {
    }

    static byte[] publicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }
}
