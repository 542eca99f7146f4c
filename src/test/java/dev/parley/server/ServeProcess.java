package dev.parley.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.client.RecordingClient;

/**
 * {@code parley} run as a process of its own from the built jar, for the tests of the command line itself: how it is
 * started, and the base URL its "Parley serving ..." line gives.
 */
public final class ServeProcess {
    private static final Pattern SERVING = Pattern.compile("Parley serving (https?://\\S+/)");

    private ServeProcess() {
    }

    /**
     * {@code java [jvmOptions] -jar parley.jar args}, or with {@code classPath} not empty {@code java [jvmOptions] -cp
     * parley.jar:classPath dev.parley.Parley args}; in {@code dir}, stderr to {@code dir/stderr.txt}; the environment's
     * {@code PARLEY_*} variables replaced by {@code env}.
     */
    public static Process start(Path dir, List<String> jvmOptions, List<Path> classPath, Map<String, String> env,
                                String... args) throws IOException {
        String jar = Path.of(System.getProperty("parley.jar")).toAbsolutePath().toString();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (classPath.isEmpty()) {
            command.addAll(List.of("-jar", jar));
        } else {
            StringBuilder path = new StringBuilder(jar);
            classPath.forEach(entry -> path.append(File.pathSeparator).append(entry));
            command.addAll(List.of("-cp", path.toString(), "dev.parley.Parley"));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The base URL from the "Parley serving ..." line on {@code serve}'s stdout, within {@link RecordingClient#WAIT}. */
    public static String awaitServingLine(Process serve) throws Exception {
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher serving = SERVING.matcher(line);
                    if (serving.find()) {
                        return serving.group(1);
                    }
                }
                throw new IllegalStateException("serve exited without a 'Parley serving' line");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return url.get(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
