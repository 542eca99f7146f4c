package dev.parley.chat;

import java.util.function.Consumer;

import dev.parley.session.OutboundMessage;

/**
 * The {@link ChatSession.Link} of one connection: the chat's {@link ChatDelivery}, bound to that connection; sends go
 * through the delivery's {@link ChatDelivery#sender sender} for it, asked once.
 */
record DeliveryLink<C>(ChatDelivery<C> delivery, C connection, Consumer<OutboundMessage> sender)
        implements ChatSession.Link {
    DeliveryLink(ChatDelivery<C> delivery, C connection) {
        this(delivery, connection, delivery.sender(connection));
    }

    @Override
    public String id() {
        return delivery.id(connection);
    }

    @Override
    public String carrier() {
        return delivery.carrier(connection);
    }

    @Override
    public void send(OutboundMessage message) {
        sender.accept(message);
    }

    /** {@link ChatDelivery#isOpen}. */
    boolean isOpen() {
        return delivery.isOpen(connection);
    }

    /** {@link ChatDelivery#admit}. */
    boolean admit(String text) {
        return delivery.admit(connection, text);
    }

    @Override
    public void close(int code, String reason) {
        delivery.close(connection, code, reason);
    }
}
