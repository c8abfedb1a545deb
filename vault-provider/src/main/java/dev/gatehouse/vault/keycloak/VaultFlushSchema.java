package dev.gatehouse.vault.keycloak;

import java.io.IOException;

import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.ProtobufTagMarshaller;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;
import org.infinispan.protostream.TagReader;
import org.infinispan.protostream.descriptors.WireType;

/**
 * Makes {@link VaultFlushClusterEvent} known to Keycloak's Infinispan marshaller, so the event can cross to other
 * nodes. Keycloak collects every {@link SerializationContextInitializer} listed in {@code META-INF/services} at
 * {@code kc.sh build} ({@code KeycloakProcessor.configureProtoStreamSchemas} → {@code Marshalling.setSchemas}) and
 * registers them with its cache manager. Written by hand rather than by ProtoStream's annotation processor: one
 * message with three strings, and no generated code or extra build step.
 *
 * <p>The message has no numeric type id: ids above 65535 are Keycloak's ({@code Marshalling}), so ours travels by
 * its full name, {@value #TYPE}, which can't clash.
 */
public final class VaultFlushSchema implements SerializationContextInitializer {

    static final String FILE = "gatehouse-vault.proto";
    static final String TYPE = "gatehouse.vault.VaultFlushClusterEvent";
    static final String SCHEMA = """
            syntax = "proto2";
            package gatehouse.vault;
            message VaultFlushClusterEvent {
              optional string realm = 1;
              optional string reference = 2;
              optional string origin = 3;
            }
            """;

    private static final int REALM = WireType.makeTag(1, WireType.LENGTH_DELIMITED);
    private static final int REFERENCE = WireType.makeTag(2, WireType.LENGTH_DELIMITED);
    private static final int ORIGIN = WireType.makeTag(3, WireType.LENGTH_DELIMITED);

    /** Keycloak instantiates initializers by their public no-argument constructor (ServiceLoader, then recorded). */
    public VaultFlushSchema() {
    }

    @Override
    public void registerSchema(SerializationContext ctx) {
        ctx.registerProtoFiles(FileDescriptorSource.fromString(FILE, SCHEMA));
    }

    @Override
    public void registerMarshallers(SerializationContext ctx) {
        ctx.registerMarshaller(new Marshaller());
    }

    static final class Marshaller implements ProtobufTagMarshaller<VaultFlushClusterEvent> {

        @Override
        public Class<? extends VaultFlushClusterEvent> getJavaClass() {
            return VaultFlushClusterEvent.class;
        }

        @Override
        public String getTypeName() {
            return TYPE;
        }

        @Override
        public VaultFlushClusterEvent read(ReadContext ctx) throws IOException {
            TagReader in = ctx.getReader();
            String realm = null;
            String reference = null;
            String origin = null;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == REALM) {
                    realm = in.readString();
                } else if (tag == REFERENCE) {
                    reference = in.readString();
                } else if (tag == ORIGIN) {
                    origin = in.readString();
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            return new VaultFlushClusterEvent(realm, reference, origin);
        }

        @Override
        public void write(WriteContext ctx, VaultFlushClusterEvent event) throws IOException {
            // Absent (null) fields are not written, so a flush of the whole realm arrives with a null reference.
            if (event.realm() != null) {
                ctx.getWriter().writeString(1, event.realm());
            }
            if (event.reference() != null) {
                ctx.getWriter().writeString(2, event.reference());
            }
            if (event.origin() != null) {
                ctx.getWriter().writeString(3, event.origin());
            }
        }
    }
}
