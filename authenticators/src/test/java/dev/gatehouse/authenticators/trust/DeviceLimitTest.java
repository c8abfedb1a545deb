package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.trust.DeviceLimit.Device;

class DeviceLimitTest {

    static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    static Device device(String id, int day) {
        return new Device(id, T.plusSeconds(86_400L * day));
    }

    @Test
    void nothingGoesWhileTheNewOneFits() {
        assertEquals(List.of(), DeviceLimit.evict(List.of(), 1));
        assertEquals(List.of(), DeviceLimit.evict(List.of(device("a", 1), device("b", 2)), 3));
        assertEquals(List.of(), DeviceLimit.evict(List.of(device("a", 1)), 10));
    }

    @Test
    void atTheLimitTheOldestGoes() {
        assertEquals(List.of("old"), DeviceLimit.evict(List.of(device("new", 5), device("old", 1), device("mid", 3)), 3));
        assertEquals(List.of("only"), DeviceLimit.evict(List.of(device("only", 1)), 1));
    }

    @Test
    void manyOverRemovesTheOldestFirst() {
        List<Device> devices = new ArrayList<>();
        for (int day = 12; day >= 1; day--) {
            devices.add(device("d" + day, day));
        }
        // 12 existing, max 10: 3 go so that the new one makes 10
        assertEquals(List.of("d1", "d2", "d3"), DeviceLimit.evict(devices, 10));
        assertEquals(12, DeviceLimit.evict(devices, 1).size());
    }

    @Test
    void tiesGoByIdAndUnknownDatesFirst() {
        List<Device> devices = List.of(device("c", 1), device("a", 1), device("b", 1), device("z", 0), new Device("n", null));
        assertEquals(List.of("n", "z", "a"), DeviceLimit.evict(devices, 3));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeviceLimit.evict(List.of(), 0));
    }
}
