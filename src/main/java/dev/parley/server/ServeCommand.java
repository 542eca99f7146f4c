package dev.parley.server;

import java.net.BindException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.parley.app.SetupException;
import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * {@code parley serve}: runs the embedded server until SIGTERM or Ctrl-C, then closes every WebSocket with 1001.
 * Every option can also come from the environment variable named in its help. The options are the declared
 * {@link Setting}s, read by {@link Settings}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = ServeCommand.Options.class,
        description = "Run the Parley server: the page at /, GET /health, the publish API at /api/, "
                + "WebSockets at /echo, /broadcast and /chat, Socket.IO at /socket.io/ (the chat as namespace /chat).")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Adds one option per {@link Setting}, before picocli parses: declared there, not here. */
    public static final class Options implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (Setting setting : Setting.values()) {
                command.addOption(option(setting));
            }
            return command;
        }
    }

    /**
     * The option of {@code setting}: a string (parsed by {@link Settings}, not picocli), defaulting to its environment
     * variable and then its declared default, described by its meaning. A list may be given more than once.
     */
    static OptionSpec option(Setting setting) {
        String env = setting.environmentVariable();
        String declared = setting.defaultValue();
        OptionSpec.Builder option = OptionSpec.builder(setting.option())
                .paramLabel(setting.unit().label())
                .defaultValue("${env:" + env + (declared == null ? "" : ":-" + declared) + "}")
                .description(setting.meaning() + " (" + env
                        + (declared == null ? ")." : ", default: ${DEFAULT-VALUE})."));
        if (setting.unit().isList()) {
            return option.type(List.class).auxiliaryTypes(String.class).splitRegex(",").build();
        }
        return option.type(String.class).build();
    }

    @Override
    public Integer call() throws Exception {
        Config config;
        try {
            config = config();
        } catch (IllegalArgumentException e) { // a value that is no number, or out of its range
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (BindException e) {
            System.err.println("parley: cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage());
            return 1;
        } catch (TlsSetupException | SetupException e) { // a keystore, or a Socket.IO namespace class, unusable
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
        System.out.println("Parley serving " + server.uri("http", "/") + "  (Ctrl-C to stop)");
        CountDownLatch stopped = new CountDownLatch(1);
        ExitLogging.holdResetUntil(stopped, config.shutdownGrace().plusSeconds(10)); // shutdown's lines are logged
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
    }

    /** What the options (or their environment variables, or the declared defaults) say. */
    Config config() {
        return Config.from(Settings.read(this::raw, ServeCommand::named), Tuning.fromSystemProperty());
    }

    /** The option's text; a list's values joined with commas. */
    private String raw(Setting setting) {
        Object value = spec.findOption(setting.option()).getValue();
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : (String) value;
    }

    /** In a usage error: {@code --port (PARLEY_PORT)}, since the value may have come from either. */
    private static String named(Setting setting) {
        return setting.option() + " (" + setting.environmentVariable() + ")";
    }
}
