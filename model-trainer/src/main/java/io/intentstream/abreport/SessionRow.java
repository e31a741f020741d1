package io.intentstream.abreport;

/**
 * One closed session as the report needs it, read from the archive's {@code session_outcomes} table.
 *
 * @param arm the wire name from the archive ({@code champion}, ...); null in archives written before arms existed
 * @param propensity {@code last_propensity_before_conversion}, NaN when the session was never scored before it converted
 * @param copies how many rows the archive holds for this session id (one is kept)
 * @param userInSeveralArms the user's sessions in the window carry more than one arm
 */
record SessionRow(String userId, String arm, boolean converted, float propensity, String modelVersion, boolean judgedBot,
        int copies, boolean userInSeveralArms) {}
