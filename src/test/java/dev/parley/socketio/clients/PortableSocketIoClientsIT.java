package dev.parley.socketio.clients;

import java.net.URI;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/**
 * The official Node and Python clients against the application's own {@code /socket.io/} on every container (the
 * embedded server, the WAR on Payara and GlassFish): every scenario over every transport. {@link ContractFixture}'s
 * namespaces {@code /} and {@code /second} are added as an application adds its own, through the setting
 * {@code socketio-namespaces} ({@link TestDeployment#SOCKETIO_NAMESPACES}); {@code /chat} is the application's.
 */
@Tag("portable")
class PortableSocketIoClientsIT extends SocketIoClientsIT {
    @RegisterExtension
    static final ParleyTarget target = ParleyTarget.of(TestDeployment.SOCKETIO_NAMESPACES);

    @Override
    protected SocketIoServer server() {
        return new SocketIoServer() {
            @Override
            public URI url() {
                return target.http("/"); // the WAR's context root too: the clients' path is under it
            }

            @Override
            public String name() {
                return "parley on " + ParleyTarget.current();
            }
        };
    }
}
