package dev.dragoman.common.api;

/** The kinds of named entity Dragoman tags (the CoNLL-2003 classes). */
public enum EntityType {
    PERSON, ORGANIZATION, LOCATION, MISC
}
