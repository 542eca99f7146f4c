package dev.parley.deploy;

import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Embedded GlassFish in its own JVM: the classpath is {@code glassfish-embedded-all.jar} plus this one class (put
 * in a jar of its own by {@link ServerProcess#jarOf}), so the WARs run on GlassFish's Tyrus and class loaders, not
 * on the test classpath's. The {@code org.glassfish.embeddable} API is called by reflection, so the tests compile
 * without GlassFish.
 *
 * <pre>java -cp glassfish-embedded-all.jar:launcher.jar dev.parley.deploy.GlassFishLauncher PORT [NAME=VALUE...] WAR...</pre>
 *
 * Each {@code NAME=VALUE} is a {@code GlassFishProperties} entry set before the server starts, the way an operator
 * configures GlassFish Embedded: {@code embedded-glassfish-config.server.network-config...} is the domain.xml
 * element of that dotted name (docs/deploy.md).
 *
 * <p>Each WAR is deployed at the context root of its file name ({@code parley-auth.war} at {@code /parley-auth}).
 * Prints {@code PARLEY-READY} once all are deployed; exits when stdin reaches end of file (the test JVM closed it,
 * or died), at any point, booting included; the server's state lives in a temporary directory that is thrown away.
 */
public final class GlassFishLauncher {
    private static final String API = "org.glassfish.embeddable.";

    private GlassFishLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Watchdog.start(); // from the start: end of stdin exits, even while GlassFish is still booting
        int port = Integer.parseInt(args[0]);
        ClassLoader loader = GlassFishLauncher.class.getClassLoader();
        Class<?> runtimeClass = loader.loadClass(API + "GlassFishRuntime");
        Class<?> bootstrapProperties = loader.loadClass(API + "BootstrapProperties");
        Class<?> glassFishProperties = loader.loadClass(API + "GlassFishProperties");
        Class<?> glassFishClass = loader.loadClass(API + "GlassFish");
        Class<?> deployerClass = loader.loadClass(API + "Deployer");

        Object runtime = runtimeClass.getMethod("bootstrap", bootstrapProperties)
                .invoke(null, bootstrapProperties.getConstructor().newInstance());
        Properties properties = new Properties();
        String listener = "embedded-glassfish-config.server.network-config.network-listeners.network-listener.http-listener";
        properties.setProperty(listener + ".port", Integer.toString(port));
        properties.setProperty(listener + ".address", "127.0.0.1");
        properties.setProperty(listener + ".enabled", "true");
        List<File> wars = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals > 0) {
                properties.setProperty(args[i].substring(0, equals), args[i].substring(equals + 1));
            } else {
                wars.add(new File(args[i]));
            }
        }
        Object glassFish = runtimeClass.getMethod("newGlassFish", glassFishProperties)
                .invoke(runtime, glassFishProperties.getConstructor(Properties.class).newInstance(properties));
        glassFishClass.getMethod("start").invoke(glassFish);

        Object deployer = glassFishClass.getMethod("getDeployer").invoke(glassFish);
        Method deploy = deployerClass.getMethod("deploy", File.class, String[].class);
        List<String> deployed = new ArrayList<>();
        for (File war : wars) {
            String name = war.getName().replaceFirst("\\.war$", "");
            deployed.add((String) deploy.invoke(deployer, war, new String[] {"--contextroot=" + name, "--name=" + name}));
        }
        if (deployed.contains(null)) { // GlassFish logged why; waiting for a readiness that cannot come helps no one
            System.out.println("PARLEY-FAILED to deploy " + wars);
            System.out.flush();
            System.exit(2);
        }
        System.out.println("PARLEY-READY " + deployed);
        System.out.flush();

        // From here GlassFish's own threads keep the JVM alive until the watchdog sees the end of stdin.
    }
}
