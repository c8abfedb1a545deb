package dev.gatehouse.vault.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.junit.jupiter.api.Test;

/**
 * The flush event as Keycloak's cluster marshals it: inside a ProtoStream {@code WrappedMessage} (as
 * {@code WrapperClusterEvent} carries its events), with only our schema registered.
 */
class VaultFlushSchemaTest {

    @Test
    void flushEventsCrossTheWireIntact() throws Exception {
        SerializationContext ctx = ProtobufUtil.newSerializationContext();
        new VaultFlushSchema().register(ctx);
        for (VaultFlushClusterEvent e : new VaultFlushClusterEvent[] {
                new VaultFlushClusterEvent("demo", "aws:smtp@AWSPREVIOUS#password", "123@node-a"),
                new VaultFlushClusterEvent("demo", null, "123@node-a"),
                new VaultFlushClusterEvent("r\u00e9alm", "", null)}) {
            byte[] wire = ProtobufUtil.toWrappedByteArray(ctx, e);
            assertEquals(e, ProtobufUtil.fromWrappedByteArray(ctx, wire));
        }
    }

    @Test
    void theMessageTravelsByItsNameNotAnIdKeycloakCouldReuse() throws Exception {
        SerializationContext ctx = ProtobufUtil.newSerializationContext();
        new VaultFlushSchema().register(ctx);
        assertEquals(null, ctx.getMessageDescriptor(VaultFlushSchema.TYPE).getTypeId());
        byte[] wire = ProtobufUtil.toWrappedByteArray(ctx, new VaultFlushClusterEvent("demo", null, null));
        String text = new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(true, text.contains(VaultFlushSchema.TYPE), "the type name is on the wire");
    }
}
