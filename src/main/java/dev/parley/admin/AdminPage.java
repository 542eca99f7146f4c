package dev.parley.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;


/**
 * One file of the admin page ({@code webapp/admin.html}, {@code admin.js}, {@code admin.css}) at its path, served
 * like every route in both containers (the embedded server's static files and the WAR's default servlet never see
 * these paths): 404 while the admin is off, refused cross-origin ({@link AdminGate#pageRefusal}); otherwise the file,
 * with a Content-Security-Policy that lets the page run only its own script and style and talk only to its origin.
 * The files are read once, when first asked for, from the class path: {@code dev/parley/admin/page/}, where the
 * build copies them from {@code webapp/} (in the jar and in the WAR's classes alike). The page holds no data: everything it shows comes from the API, with the key.
 */
final class AdminPage {
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final String path;
    private final String file;
    private final String contentType;
    private final AdminGate gate;
    private volatile byte[] bytes;

    AdminPage(String path, String file, String contentType, AdminGate gate) {
        this.path = path;
        this.file = file;
        this.contentType = contentType;
        this.gate = gate;
    }

    String path() {
        return path;
    }

    AdminReply head(AdminRequest request) {
        if (!request.isGetOrHead()) {
            return gate.on() ? AdminJson.guarded(AdminReply.notAllowed("GET, HEAD"))
                    : AdminJson.error(404, "not_found", "no such resource");
        }
        AdminReply refusal = gate.pageRefusal(request);
        if (refusal != null) {
            return refusal;
        }
        return AdminJson.guarded(new AdminReply(200, contentType, Map.of("Content-Security-Policy", POLICY),
                bytes()));
    }

    private byte[] bytes() {
        byte[] read = bytes;
        if (read == null) {
            try (InputStream in = AdminPage.class.getResourceAsStream("page/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("dev/parley/admin/page/" + file + " is not on the class path");
                }
                read = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bytes = read;
        }
        return read;
    }
}
