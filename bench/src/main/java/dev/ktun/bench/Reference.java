package dev.ktun.bench;

/**
 * A path measured beside direct and ktun to show what a relay of the same shape reaches on this machine: its figures
 * become REFERENCE rows, described as "reference: {@code description}, ...".
 */
record Reference(String description, Endpoints endpoints) {
}
