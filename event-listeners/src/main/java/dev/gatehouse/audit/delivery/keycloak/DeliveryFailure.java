package dev.gatehouse.audit.delivery.keycloak;

/** One failed attempt; the message is stored and shown to admins, so it holds a status or a class name, never a secret or a URL. */
class DeliveryFailure extends Exception {

    DeliveryFailure(String reason) {
        super(reason, null, false, false);
    }
}
