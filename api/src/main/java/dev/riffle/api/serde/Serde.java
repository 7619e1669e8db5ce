package dev.riffle.api.serde;

/**
 * Turns objects into bytes and back, for message keys and values and for store keys and values.
 * Built-in serdes are named {@code string}, {@code long}, {@code json} and {@code bytes} in the
 * configuration; a custom serde is configured by its class name and needs a public no-argument
 * constructor. Implementations must be thread-safe.
 *
 * @param <T> the type of object
 */
public interface Serde<T> {

    /**
     * Serialises an object; {@code null} maps to {@code null}.
     *
     * @throws SerdeException if the object cannot be serialised
     */
    byte[] toBytes(T object);

    /**
     * Deserialises bytes; {@code null} maps to {@code null}.
     *
     * @throws SerdeException if the bytes are not a valid encoding; the runtime then applies
     *     {@code task.error.policy} to the record
     */
    T fromBytes(byte[] bytes);
}
