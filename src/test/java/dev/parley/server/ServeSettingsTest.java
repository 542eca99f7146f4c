package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import dev.parley.Parley;
import dev.parley.settings.Setting;

/** {@code serve}'s options are the declared settings, and what is given on the command line reaches the config. */
class ServeSettingsTest {

    @Test
    void everyOptionIsADeclaredSettingWithItsVariableAndDefault() {
        List<OptionSpec> options = new CommandLine(new ServeCommand()).setInterpolateVariables(false)
                .getCommandSpec().options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
        assertEquals(Arrays.stream(Setting.values()).map(Setting::option).toList(),
                options.stream().map(OptionSpec::longestName).toList());
        for (OptionSpec option : options) {
            Setting setting = Setting.valueOf(option.longestName().substring(2).toUpperCase().replace('-', '_'));
            String declared = setting.defaultValue();
            assertEquals("${env:" + setting.environmentVariable() + (declared == null ? "" : ":-" + declared) + "}",
                    option.defaultValue());
            assertEquals(setting.unit().label(), option.paramLabel());
            assertTrue(option.description()[0].startsWith(setting.meaning()), option.description()[0]);
        }
    }

    @Test
    void givenValuesReachTheConfig() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--port", "0", "--max-message-size", "2000", "--ping-timeout", "1500",
                "--allowed-origins", "https://a.example", "--allowed-origins", "https://b.example,https://c.example",
                "--max-connections", "40", "--shutdown-grace", "100", "--host", "::1");
        Config config = serve.config();
        assertEquals(0, config.port());
        assertEquals("::1", config.host());
        assertEquals(2000, config.limits().maxMessageBytes());
        assertEquals(Duration.ofMillis(1500), config.chat().pingTimeout());
        assertEquals(Set.of("https://a.example", "https://b.example", "https://c.example"),
                config.chat().allowedOrigins());
        assertEquals(40, config.http().maxConnections());
        assertEquals(Duration.ofMillis(100), config.shutdownGrace());
    }

    @Test
    void aValueThatIsNoNumberIsAUsageErrorNamingTheOptionAndItsVariable() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine parley = Parley.commandLine();
        parley.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        assertEquals(2, parley.execute("serve", "--port", "0", "--history-bytes", "1MiB"));
        assertEquals(List.of("parley serve: --history-bytes (PARLEY_HISTORY_BYTES): '1MiB' is not a whole number",
                "try 'parley serve --help'"), err.toString().lines().toList());
        assertFalse(out.toString().contains("Parley serving"), out.toString());
    }

    @Test
    void helpShowsEachMeaningAndDefault() {
        StringWriter out = new StringWriter();
        CommandLine parley = Parley.commandLine();
        parley.setOut(new PrintWriter(out, true));
        assertEquals(0, parley.execute("serve", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (Setting setting : Setting.values()) {
            assertTrue(help.contains(setting.option() + "=" + setting.unit().label()), setting.option());
            assertTrue(help.contains(setting.meaning()), setting.meaning());
        }
        assertTrue(help.contains("(PARLEY_OUTBOUND_MAX_BYTES, default: 1048576)"), help);
    }
}
