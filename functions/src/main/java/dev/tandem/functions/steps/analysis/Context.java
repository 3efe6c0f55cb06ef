package dev.tandem.functions.steps.analysis;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The words just before a candidate, for the values whose checksum or shape alone cannot tell them from
 * an order number: a 9-digit Dutch BSN passes its check one time in eleven, a national phone number is
 * a run of digits. Words are compared by stem, lowercased and without accents ("Téléphone" matches
 * "telephon"), in the languages the analyzer covers.
 *
 * <p>The chunker's overlap (256 characters) is wider than {@link #REACH}, so a chunk sees the words
 * before every value it owns.
 */
final class Context {

    /** How far before a value its label may be, in characters. */
    static final int REACH = 40;

    /** The verdict of the nearest matching word. */
    enum Cue { FOR, AGAINST, NONE }

    private final List<String> forStems;
    private final List<String> forWords;
    private final List<String> againstStems;
    private final List<String> againstWords;
    /** ASCII first letters of any cue word: a word starting with another ASCII letter is no cue, unfolded. */
    private final boolean[] firstLetters = new boolean[128];
    private final boolean[] forFirstLetters;

    /**
     * @param forStems     word beginnings that introduce the value (e.g. "phone", "telefon")
     * @param forWords     whole words that introduce the value ("dob", "né")
     * @param againstStems word beginnings that introduce something else (e.g. "order", "invoice")
     * @param againstWords whole words (or signs: "#", "°") that introduce something else ("no", "nr", "ref")
     */
    Context(List<String> forStems, List<String> forWords, List<String> againstStems, List<String> againstWords) {
        this.forStems = forStems;
        this.forWords = forWords;
        for (List<String> list : List.of(forStems, forWords, againstStems, againstWords)) {
            for (String w : list) {
                char first = w.charAt(0);
                if (first < 128) {
                    firstLetters[first] = true;
                }
            }
        }
        this.forFirstLetters = new boolean[128];
        for (List<String> list : List.of(forStems, forWords)) {
            for (String w : list) {
                if (w.charAt(0) < 128) {
                    forFirstLetters[w.charAt(0)] = true;
                }
            }
        }
        this.againstStems = againstStems;
        this.againstWords = againstWords;
    }

    static Context of(String... forStems) {
        return new Context(List.of(forStems), List.of(), List.of(), List.of());
    }

    /** Whether a word for the value precedes {@code start} within {@link #REACH}, with no other label nearer. */
    boolean labelled(CharSequence text, int start) {
        return cue(text, start) == Cue.FOR;
    }

    /** The nearest word before {@code start} (within {@link #REACH}) that is a cue, or NONE. */
    Cue cue(CharSequence text, int start) {
        int from = Math.max(0, start - REACH);
        int end = start;
        while (end > from) {
            // Walk back over what is not a letter, then over a word.
            while (end > from && !Character.isLetter(text.charAt(end - 1))) {
                if (againstWords.contains(String.valueOf(text.charAt(end - 1)))) {
                    return Cue.AGAINST;
                }
                end--;
            }
            int begin = end;
            while (begin > 0 && Character.isLetter(text.charAt(begin - 1))) {
                begin--;
            }
            if (begin == end) {
                break;
            }
            if (!maybe(firstLetters, text.charAt(begin))) {
                end = begin;
                continue;
            }
            String word = fold(text.subSequence(begin, end));
            if (isFor(word)) {
                return Cue.FOR;
            }
            for (String stem : againstStems) {
                if (word.startsWith(stem)) {
                    return Cue.AGAINST;
                }
            }
            if (againstWords.contains(word)) {
                return Cue.AGAINST;
            }
            end = begin;
        }
        return Cue.NONE;
    }

    /** Whether a word for the value occurs anywhere in {@code [from, to)}: a cheap test before looking closer. */
    boolean mentions(CharSequence text, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && !Character.isLetter(text.charAt(i))) {
                i++;
            }
            int begin = i;
            while (i < to && Character.isLetter(text.charAt(i))) {
                i++;
            }
            if (i > begin && maybe(forFirstLetters, text.charAt(begin)) && isFor(fold(text.subSequence(begin, i)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a word beginning with {@code c} can be one of the words: non-ASCII letters are folded first, so always maybe. */
    private static boolean maybe(boolean[] letters, char c) {
        char lower = c < 128 ? Character.toLowerCase(c) : c;
        return lower >= 128 || letters[lower];
    }

    private boolean isFor(String word) {
        if (forWords.contains(word)) {
            return true;
        }
        for (String stem : forStems) {
            if (word.startsWith(stem)) {
                return true;
            }
        }
        return false;
    }

    static String fold(CharSequence word) {
        String lower = word.toString().toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) > 0x7f) {
                return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                        .replace('ø', 'o').replace('ł', 'l').replace('ß', 's');
            }
        }
        return lower;
    }
}
