package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * C2SP signed-note with Ed25519 (algorithm byte 0x01): the text, a blank line, and lines
 * "— name base64(keyHash(4) || signature(64))". The key hash is the first four bytes of
 * SHA-256(name || "\n" || 0x01 || publicKey); the verifier key is published as "name+hex(keyHash)+base64(0x01 || publicKey)".
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    private static final String DASH = "\u2014 ";

    private SignedNote() {
    }

    /** An Ed25519 signer from a 32-byte seed, under a key name (no spaces, no '+'). */
    public record Signer(String name, byte[] seed) {
        public Signer {
            if (name.isEmpty() || name.contains(" ") || name.contains("+") || name.contains("\n")) {
                throw new IllegalArgumentException("bad key name: " + name);
            }
            if (seed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
            }
        }

        /** Signs a note text (which must end with a newline); returns the whole signed note. */
        public String sign(String text) {
            if (!text.endsWith("\n")) {
                throw new IllegalArgumentException("a note's text ends with a newline");
            }
            try {
                PrivateKey key = KeyFactory.getInstance("Ed25519")
                        .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key);
                s.update(text.getBytes(StandardCharsets.UTF_8));
                byte[] sig = s.sign();
                byte[] blob = new byte[4 + sig.length];
                System.arraycopy(keyHash(name, publicKey()), 0, blob, 0, 4);
                System.arraycopy(sig, 0, blob, 4, sig.length);
                return text + "\n" + DASH + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The raw 32-byte public key, derived from the seed (Bouncy Castle: only signing needs it, never the verifier). */
        public byte[] publicKey() {
            return Ed25519Seed.publicKey(seed);
        }

        public String verifierKey() {
            byte[] pub = publicKey();
            byte[] typed = new byte[33];
            typed[0] = ED25519;
            System.arraycopy(pub, 0, typed, 1, 32);
            return name + "+" + HexFormat.of().formatHex(keyHash(name, pub)) + "+" + Base64.getEncoder().encodeToString(typed);
        }
    }

    /** A parsed verifier key "name+hash+base64(0x01 || key)". */
    public record Verifier(String name, byte[] hash, byte[] publicKey) {

        public static Verifier parse(String vkey) {
            String[] p = vkey.trim().split("\\+", 3);
            if (p.length != 3) {
                throw new IllegalArgumentException("a verifier key is name+hash+key");
            }
            byte[] typed = Base64.getDecoder().decode(p[2]);
            if (typed.length != 33 || typed[0] != ED25519) {
                throw new IllegalArgumentException("not an Ed25519 verifier key");
            }
            byte[] pub = Arrays.copyOfRange(typed, 1, 33);
            byte[] hash = HexFormat.of().parseHex(p[1]);
            if (!Arrays.equals(hash, keyHash(p[0], pub))) {
                throw new IllegalArgumentException("the verifier key's hash does not match its name and key");
            }
            return new Verifier(p[0], hash, pub);
        }

        /** The note's text when one of its signatures is this key's and verifies; otherwise an exception. */
        public String open(String note) {
            int split = note.lastIndexOf("\n\n");
            if (split < 0) {
                throw new SecurityException("not a signed note");
            }
            String text = note.substring(0, split + 1);
            for (String line : note.substring(split + 2).split("\n")) {
                if (!line.startsWith(DASH)) {
                    throw new SecurityException("malformed signature line");
                }
                String[] parts = line.substring(DASH.length()).split(" ");
                if (parts.length != 2 || !parts[0].equals(name)) {
                    continue;
                }
                byte[] blob = Base64.getDecoder().decode(parts[1]);
                if (blob.length == 68 && Arrays.equals(Arrays.copyOf(blob, 4), hash)
                        && Ed25519Keys.verify(publicKey, text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(blob, 4, 68))) {
                    return text;
                }
            }
            throw new SecurityException("no valid signature by " + name);
        }
    }

    static byte[] keyHash(String name, byte[] publicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(ED25519);
            d.update(publicKey);
            return Arrays.copyOf(d.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw-key Ed25519 verification through the JDK (RFC 8032 encodings), so the offline verifier needs nothing else. */
    static final class Ed25519Keys {

        private Ed25519Keys() {
        }

        static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
            try {
                // RFC 8032 encoding: little-endian y with the sign of x in the top bit of the last byte.
                byte[] le = publicKey.clone();
                boolean xOdd = (le[31] & 0x80) != 0;
                le[31] &= 0x7f;
                byte[] be = new byte[32];
                for (int i = 0; i < 32; i++) {
                    be[i] = le[31 - i];
                }
                PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(
                        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new java.math.BigInteger(1, be))));
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(message);
                return s.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
