package dev.parley.socketio.clients;

import java.net.URI;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/**
 * The official Node and Python clients against the application's own {@code /socket.io/} on every container (the
 * embedded server, the WAR on Payara and GlassFish): the chat scenario over every transport. The other scenarios
 * need {@link ContractFixture}'s namespaces, which only a test's own server has ({@link ParleySocketIoClientsIT}).
 */
@Tag("portable")
class PortableSocketIoClientsIT extends SocketIoClientsIT {
    @RegisterExtension
    static final ParleyTarget target = ParleyTarget.of(TestDeployment.DEFAULTS);

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

    @Override
    protected Set<Scenario> scenarios() {
        return Set.of(Scenario.CHAT);
    }
}
