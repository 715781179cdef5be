package dev.reprotect.inventory;

import java.util.List;

/** The replicated items the Azure side knows, by name. */
public record ReplicatedItems(List<ReplicatedItem> items) {}
