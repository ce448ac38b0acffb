package dev.recoup.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record NewContact(
    @NotBlank @Size(max = 200) String name,
    @NotBlank
        @Pattern(
            regexp = "AP|BILLING|ESCALATION|EXECUTIVE",
            message = "AP, BILLING, ESCALATION or EXECUTIVE")
        String role,
    @Email @Size(max = 320) String email,
    @Size(max = 40)
        @Pattern(regexp = "^$|^[+0-9 ()./-]{3,40}$", message = "digits, spaces and + ( ) . / -")
        String phone,
    @Size(max = 64) String timeZone,
    @Pattern(regexp = "^$|EMAIL|PHONE|PORTAL", message = "EMAIL, PHONE or PORTAL")
        String preferredChannel) {}
