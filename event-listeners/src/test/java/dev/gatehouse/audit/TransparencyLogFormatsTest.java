package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Golden vectors from the specifications and their reference implementations' published test data. */
class TransparencyLogFormatsTest {

    static final HexFormat HEX = HexFormat.of();

    /** RFC 6962 test leaves of the certificate-transparency reference tests. */
    static final List<byte[]> LEAVES = List.of(
            HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"), HEX.parseHex("2021"), HEX.parseHex("3031"),
            HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"), HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

    /** Their tree heads for sizes 1..8. */
    static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    static List<byte[]> leafHashes() {
        List<byte[]> hashes = new ArrayList<>();
        LEAVES.forEach(l -> hashes.add(MerkleTree.leafHash(l)));
        return hashes;
    }

    @Test
    void merkleRootsMatchRfc6962ReferenceVectors() {
        List<byte[]> hashes = leafHashes();
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(MerkleTree.root(hashes, 0)));
        for (int size = 1; size <= 8; size++) {
            assertEquals(ROOTS[size - 1], HEX.formatHex(MerkleTree.root(hashes, size)), "size " + size);
        }
    }

    @Test
    void everyInclusionProofVerifiesAndTamperingFails() {
        List<byte[]> hashes = leafHashes();
        for (int size = 1; size <= 8; size++) {
            byte[] root = MerkleTree.root(hashes, size);
            for (int i = 0; i < size; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(hashes, i, size);
                assertTrue(MerkleTree.verifyInclusion(hashes.get(i), i, size, proof, root), i + "/" + size);
                assertFalse(MerkleTree.verifyInclusion(MerkleTree.leafHash("x".getBytes()), i, size, proof, root), "modified leaf");
                if (size > 1) {
                    assertFalse(MerkleTree.verifyInclusion(hashes.get(i), (i + 1) % size, size, proof, root), "moved leaf");
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndARewrittenPastFails() {
        List<byte[]> hashes = leafHashes();
        for (int m = 1; m <= 8; m++) {
            for (int n = m; n <= 8; n++) {
                List<byte[]> proof = MerkleTree.consistencyProof(hashes, m, n);
                assertTrue(MerkleTree.verifyConsistency(m, n, proof, MerkleTree.root(hashes, m), MerkleTree.root(hashes, n)), m + "->" + n);
            }
        }
        List<byte[]> rewritten = new ArrayList<>(hashes);
        rewritten.set(2, MerkleTree.leafHash("rewritten".getBytes()));
        assertFalse(MerkleTree.verifyConsistency(4, 8, MerkleTree.consistencyProof(rewritten, 4, 8),
                MerkleTree.root(hashes, 4), MerkleTree.root(rewritten, 8)));
    }

    // golang.org/x/mod/sumdb/note's published example: key, text and signature.
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String PETER_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_NOTE = PETER_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    static SignedNote.Signer peter() {
        // "PRIVATE+KEY+name+hash+base64(0x01 || seed)"; the base64 may itself contain '+'.
        byte[] typed = Base64.getDecoder().decode(PETER_SKEY.split("\\+", 5)[4]);
        return new SignedNote.Signer("PeterNeumann", Arrays.copyOfRange(typed, 1, 33));
    }

    @Test
    void signsNotesByteForByteLikeTheReferenceImplementation() {
        assertEquals(PETER_NOTE, peter().sign(PETER_TEXT));
        assertEquals(PETER_VKEY, peter().verifierKey());
    }

    @Test
    void opensTheReferenceNoteAndRefusesTamperedOnes() {
        SignedNote.Verifier v = SignedNote.Verifier.parse(PETER_VKEY);
        assertEquals(PETER_TEXT, v.open(PETER_NOTE));
        assertThrows(SecurityException.class, () -> v.open(PETER_NOTE.replace("cryptography", "cryptographY")));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.Verifier.parse(PETER_VKEY.replace("c74f20a3", "c74f20a4")));
    }

    @Test
    void checkpointRoundTripsAndIsSignedAsANote() {
        byte[] root = MerkleTree.root(leafHashes(), 8);
        Checkpoint c = new Checkpoint("gatehouse.test/audit/demo", 8, root, List.of("time 2026-11-25T00:00:00Z"));
        assertEquals("gatehouse.test/audit/demo\n8\n" + Base64.getEncoder().encodeToString(root) + "\ntime 2026-11-25T00:00:00Z\n", c.text());
        assertEquals(c, Checkpoint.parse(c.text()));
        String signed = peter().sign(c.text());
        assertEquals(c, Checkpoint.parse(SignedNote.Verifier.parse(PETER_VKEY).open(signed)));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse("o\n08\n" + Base64.getEncoder().encodeToString(root) + "\n"));
    }

    @Test
    void canonicalJsonFollowsRfc8785() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("string", "\u20ac$\u000f\nA'B\"\\\\\"/");
        record.put("literals", Arrays.asList(null, true, false));
        record.put("\u00e9", 1);
        record.put("a", Map.of("z", 9007199254740992L, "b", List.of()));
        assertEquals("{\"a\":{\"b\":[],\"z\":9007199254740992},\"literals\":[null,true,false],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\",\"\u00e9\":1}",
                new String(CanonicalJson.encode(record), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(Map.of("n", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.encode(Map.of("n", 9007199254740993L)));
        assertArrayEquals(CanonicalJson.encode(Map.of("b", 1, "a", 2)), CanonicalJson.encode(Map.of("a", 2, "b", 1)));
    }
}
