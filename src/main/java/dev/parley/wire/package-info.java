/**
 * Parley's RFC 6455 codec: bytes in, values out, no I/O.
 *
 * <p>The layers, each in its own class:
 * <ul>
 *   <li>{@link dev.parley.wire.Handshake} checks and produces the HTTP/1.1 upgrade (§4), on top of
 *       {@link dev.parley.wire.UpgradeRequest}, {@link dev.parley.wire.UpgradeResponse} and {@link dev.parley.wire.HttpHeaders}.</li>
 *   <li>{@link dev.parley.wire.FrameDecoder} parses frame structure (§5.2) incrementally, asking
 *       {@link dev.parley.wire.FrameRules} about every header before it allocates anything; its permissive mode
 *       ({@code scan}) reports each broken rule to a {@link dev.parley.wire.ScanListener} instead, for tools.</li>
 *   <li>{@link dev.parley.wire.MessageRules} checks the order of fragments, the message size and UTF-8 as payload
 *       arrives; {@link dev.parley.wire.MessageAssembler} builds whole messages on top of it.</li>
 *   <li>{@link dev.parley.wire.FrameEncoder} writes frames, masking client frames with keys from
 *       {@link dev.parley.wire.MaskKeys}.</li>
 * </ul>
 * Every violation of the protocol by the peer is a {@link dev.parley.wire.ProtocolViolation}, which carries the close
 * code to answer with and turns itself into the close frame to send.
 */
package dev.parley.wire;
