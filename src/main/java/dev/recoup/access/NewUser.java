package dev.recoup.access;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an admin gives to create a user. The password is optional for SYSTEM users (tokens only).
 */
public record NewUser(
    @NotBlank
        @Pattern(regexp = "[a-z][a-z0-9._-]{1,63}", message = "lower-case letters, digits, . _ -")
        String username,
    @NotBlank @Size(max = 200) String displayName,
    @Email String email,
    @NotNull Role role,
    String leadUsername,
    @Pattern(regexp = "AMER|EMEA|APJ|LATAM", message = "AMER, EMEA, APJ or LATAM") String region,
    @Size(min = 12, max = 200, message = "at least 12 characters") String password) {}
