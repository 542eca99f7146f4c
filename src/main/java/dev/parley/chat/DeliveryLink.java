package dev.parley.chat;

import dev.parley.session.OutboundMessage;

/** The {@link ChatSession.Link} of one connection: the chat's {@link ChatDelivery}, bound to that connection. */
record DeliveryLink<C>(ChatDelivery<C> delivery, C connection) implements ChatSession.Link {
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
        delivery.send(connection, message);
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
