package io.modelgate.ui;

/**
 * What the generic list page ({@code admin/object-list.html}) shows around a kind's own table: the kind's names,
 * a notice of what was just done and an error (an object that is not there).
 */
public record ListPage(KindNames kind, String notice, String error) {
}
