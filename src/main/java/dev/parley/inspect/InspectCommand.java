package dev.parley.inspect;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley inspect --listen PORT --target HOST:PORT}: a TCP proxy that forwards both ways unchanged and prints
 * every handshake and frame, violations flagged ({@code --frames-only}: no HTTP heads; {@code --path}: only some
 * connections). Runs until Ctrl-C.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Proxy TCP to a WebSocket server unchanged, printing every handshake and frame it carries.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "PORT", required = true,
            description = "Port to listen on; 0 picks a free one (printed at start).")
    int listenPort;

    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--target", paramLabel = "HOST:PORT", required = true, description = "The server to forward to.")
    String target;

    @Option(names = "--json", description = "One JSON object per event instead of text lines.")
    boolean json;

    @Option(names = "--frames-only", description = "No HTTP heads (handshakes, page loads): frames, violations and "
            + "connection events only.")
    boolean framesOnly;

    @Option(names = "--path", paramLabel = "PATH", split = ",",
            description = "Only connections whose request path (without the query) is PATH, e.g. /chat "
                    + "(repeatable).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--preview", paramLabel = "BYTES", defaultValue = "64",
            description = "How much of each data payload to show (default: ${DEFAULT-VALUE}).")
    int previewBytes;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress targetAddress = parseTarget();
        if (listenPort < 0 || listenPort > 65535 || previewBytes < 0) {
            throw new ParameterException(spec.commandLine(), "--listen must be 0-65535 and --preview >= 0");
        }
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new ParameterException(spec.commandLine(), "--path must start with '/', not " + path);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Consumer<InspectEvent> printer = new EventFilter(framesOnly, paths, event -> {
            synchronized (out) {
                if (json) {
                    out.println(EventFormat.json(event));
                } else {
                    EventFormat.text(event).forEach(out::println);
                }
                out.flush();
            }
        });
        InspectorProxy proxy;
        try {
            proxy = InspectorProxy.start(new InetSocketAddress(listenHost, listenPort), targetAddress, previewBytes,
                    printer);
        } catch (IOException e) {
            spec.commandLine().getErr().println("parley inspect: cannot listen on " + listenHost + ":" + listenPort
                    + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getErr().println("Parley inspecting " + listenHost + ":" + proxy.port() + " -> "
                + targetAddress.getHostString() + ":" + targetAddress.getPort() + "  (Ctrl-C to stop)");
        spec.commandLine().getErr().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.close();
            } catch (IOException e) {
                // exiting anyway
            }
            stopped.countDown();
        }, "parley-inspect-shutdown"));
        stopped.await();
        return 0;
    }

    private InetSocketAddress parseTarget() {
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new ParameterException(spec.commandLine(), "--target wants HOST:PORT, not " + target);
        }
        try {
            int port = Integer.parseInt(target.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = target.substring(0, colon);
            return new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1)
                    : host, port);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--target port must be 1-65535: " + target);
        }
    }
}
