"""The buyer pages' texts in the languages Paystead speaks (en-US, de-CH, fr-CH, it-CH), and
amounts formatted the way each locale writes them.

A transaction's language may be any IETF tag (``de``, ``de-DE``, ``fr_CH``): the page takes the
supported locale of the same language, else English."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, get_currency_symbol

SUPPORTED = ("en-US", "de-CH", "fr-CH", "it-CH")
DEFAULT = "en-US"

_TEXTS: dict[str, dict[str, str]] = {
    "page_title": {"en-US": "Payment", "de-CH": "Zahlung", "fr-CH": "Paiement", "it-CH": "Pagamento"},
    "order": {"en-US": "Your order", "de-CH": "Ihre Bestellung", "fr-CH": "Votre commande",
              "it-CH": "Il suo ordine"},
    "item": {"en-US": "Item", "de-CH": "Artikel", "fr-CH": "Article", "it-CH": "Articolo"},
    "quantity": {"en-US": "Quantity", "de-CH": "Menge", "fr-CH": "Quantité", "it-CH": "Quantità"},
    "amount": {"en-US": "Amount", "de-CH": "Betrag", "fr-CH": "Montant", "it-CH": "Importo"},
    "total": {"en-US": "Total", "de-CH": "Total", "fr-CH": "Total", "it-CH": "Totale"},
    "payment_method": {"en-US": "Payment method", "de-CH": "Zahlungsart", "fr-CH": "Moyen de paiement",
                       "it-CH": "Metodo di pagamento"},
    # The simulator's payment methods, when a configuration has no title of its own.
    "method_1": {"en-US": "Credit / Debit Card", "de-CH": "Kredit- / Debitkarte", "fr-CH": "Carte de crédit / débit",
                 "it-CH": "Carta di credito / debito"},
    "method_2": {"en-US": "TWINT", "de-CH": "TWINT", "fr-CH": "TWINT", "it-CH": "TWINT"},
    "method_3": {"en-US": "Invoice", "de-CH": "Rechnung", "fr-CH": "Facture", "it-CH": "Fattura"},
    "card_holder": {"en-US": "Name on card", "de-CH": "Name auf der Karte", "fr-CH": "Nom sur la carte",
                    "it-CH": "Nome sulla carta"},
    "optional": {"en-US": "Optional", "de-CH": "Freiwillig", "fr-CH": "Facultatif", "it-CH": "Facoltativo"},
    "card_number": {"en-US": "Card number", "de-CH": "Kartennummer", "fr-CH": "Numéro de carte",
                    "it-CH": "Numero della carta"},
    "expiry": {"en-US": "Expiry date", "de-CH": "Ablaufdatum", "fr-CH": "Date d'expiration",
               "it-CH": "Data di scadenza"},
    "expiry_hint": {"en-US": "MM/YY", "de-CH": "MM/JJ", "fr-CH": "MM/AA", "it-CH": "MM/AA"},
    "cvc": {"en-US": "Security code (CVC)", "de-CH": "Prüfnummer (CVC)", "fr-CH": "Code de sécurité (CVC)",
            "it-CH": "Codice di sicurezza (CVC)"},
    "cvc_hint": {"en-US": "3 digits on the back, 4 on the front for American Express",
                 "de-CH": "3 Ziffern auf der Rückseite, 4 auf der Vorderseite bei American Express",
                 "fr-CH": "3 chiffres au verso, 4 au recto pour American Express",
                 "it-CH": "3 cifre sul retro, 4 sul fronte per American Express"},
    "pay": {"en-US": "Pay {amount}", "de-CH": "{amount} bezahlen", "fr-CH": "Payer {amount}",
            "it-CH": "Paga {amount}"},
    "invoice_text": {"en-US": "You pay later, by the invoice you will receive.",
                     "de-CH": "Sie bezahlen später mit der Rechnung, die Sie erhalten.",
                     "fr-CH": "Vous payez plus tard, avec la facture que vous recevrez.",
                     "it-CH": "Paga più tardi, con la fattura che riceverà."},
    "wallet_text": {"en-US": "You confirm the payment in the app on your phone.",
                    "de-CH": "Sie bestätigen die Zahlung in der App auf Ihrem Telefon.",
                    "fr-CH": "Vous confirmez le paiement dans l'application de votre téléphone.",
                    "it-CH": "Conferma il pagamento nell'app sul suo telefono."},
    "sandbox": {"en-US": "Test payment: Paystead's simulator moves no money.",
                "de-CH": "Testzahlung: Der Simulator von Paystead bewegt kein Geld.",
                "fr-CH": "Paiement de test : le simulateur de Paystead ne déplace pas d'argent.",
                "it-CH": "Pagamento di prova: il simulatore di Paystead non muove denaro."},
    "secure": {"en-US": "Card data go only to Paystead, encrypted.",
               "de-CH": "Kartendaten gehen nur verschlüsselt an Paystead.",
               "fr-CH": "Les données de carte ne vont qu'à Paystead, chiffrées.",
               "it-CH": "I dati della carta vanno solo a Paystead, cifrati."},
    # Field errors
    "error_summary": {"en-US": "Please correct the marked fields.",
                      "de-CH": "Bitte korrigieren Sie die markierten Felder.",
                      "fr-CH": "Veuillez corriger les champs signalés.",
                      "it-CH": "Corregga i campi segnalati."},
    "required": {"en-US": "This field is required.", "de-CH": "Dieses Feld ist erforderlich.",
                 "fr-CH": "Ce champ est obligatoire.", "it-CH": "Questo campo è obbligatorio."},
    "holder_too_long": {"en-US": "Enter at most {length} characters.",
                        "de-CH": "Geben Sie höchstens {length} Zeichen ein.",
                        "fr-CH": "Saisissez au plus {length} caractères.",
                        "it-CH": "Inserisca al massimo {length} caratteri."},
    "card_number_invalid": {"en-US": "This is not a valid card number.",
                            "de-CH": "Das ist keine gültige Kartennummer.",
                            "fr-CH": "Ce numéro de carte n'est pas valide.",
                            "it-CH": "Questo numero di carta non è valido."},
    "card_brand_unsupported": {"en-US": "This card type is not accepted here.",
                               "de-CH": "Diese Kartenart wird hier nicht akzeptiert.",
                               "fr-CH": "Ce type de carte n'est pas accepté ici.",
                               "it-CH": "Questo tipo di carta non è accettato qui."},
    "expiry_invalid": {"en-US": "Enter the expiry date as MM/YY.", "de-CH": "Geben Sie das Ablaufdatum als MM/JJ ein.",
                       "fr-CH": "Saisissez la date d'expiration au format MM/AA.",
                       "it-CH": "Inserisca la data di scadenza come MM/AA."},
    "expiry_past": {"en-US": "This card has expired.", "de-CH": "Diese Karte ist abgelaufen.",
                    "fr-CH": "Cette carte a expiré.", "it-CH": "Questa carta è scaduta."},
    "cvc_invalid": {"en-US": "Enter the {digits}-digit security code.",
                    "de-CH": "Geben Sie die {digits}-stellige Prüfnummer ein.",
                    "fr-CH": "Saisissez le code de sécurité à {digits} chiffres.",
                    "it-CH": "Inserisca il codice di sicurezza di {digits} cifre."},
    "method_required": {"en-US": "Choose a payment method.", "de-CH": "Wählen Sie eine Zahlungsart.",
                        "fr-CH": "Choisissez un moyen de paiement.", "it-CH": "Scelga un metodo di pagamento."},
    "no_methods": {"en-US": "No payment method is available for this payment.",
                   "de-CH": "Für diese Zahlung ist keine Zahlungsart verfügbar.",
                   "fr-CH": "Aucun moyen de paiement n'est disponible pour ce paiement.",
                   "it-CH": "Nessun metodo di pagamento è disponibile per questo pagamento."},
    "declined": {"en-US": "The payment did not go through: {reason} You can try again.",
                 "de-CH": "Die Zahlung wurde nicht ausgeführt: {reason} Sie können es erneut versuchen.",
                 "fr-CH": "Le paiement n'a pas abouti : {reason} Vous pouvez réessayer.",
                 "it-CH": "Il pagamento non è andato a buon fine: {reason} Può riprovare."},
    # Failure reasons, by the simulator's reason key
    "reason_DECLINED": {"en-US": "the card issuer declined it.", "de-CH": "Die Bank hat sie abgelehnt.",
                        "fr-CH": "l'émetteur de la carte l'a refusé.", "it-CH": "l'emittente della carta l'ha rifiutato."},
    "reason_INSUFFICIENT_FUNDS": {"en-US": "the card has not enough funds.",
                                  "de-CH": "Das Guthaben der Karte reicht nicht aus.",
                                  "fr-CH": "la carte n'a pas assez de fonds.",
                                  "it-CH": "la carta non ha fondi sufficienti."},
    "reason_EXPIRED_CARD": {"en-US": "the card has expired.", "de-CH": "Die Karte ist abgelaufen.",
                            "fr-CH": "la carte a expiré.", "it-CH": "la carta è scaduta."},
    "reason_INVALID_CVC": {"en-US": "the security code is not correct.", "de-CH": "Die Prüfnummer ist falsch.",
                           "fr-CH": "le code de sécurité est incorrect.", "it-CH": "il codice di sicurezza è errato."},
    "reason_THREE_D_SECURE_FAILED": {"en-US": "the card could not be verified.",
                                     "de-CH": "Die Karte konnte nicht verifiziert werden.",
                                     "fr-CH": "la carte n'a pas pu être vérifiée.",
                                     "it-CH": "la carta non ha potuto essere verificata."},
    "reason_CANCELLED_BY_BUYER": {"en-US": "you cancelled it.", "de-CH": "Sie haben sie abgebrochen.",
                                  "fr-CH": "vous l'avez annulé.", "it-CH": "l'ha annullato."},
    "reason_OTHER": {"en-US": "the payment was refused.", "de-CH": "Die Zahlung wurde abgelehnt.",
                     "fr-CH": "le paiement a été refusé.", "it-CH": "il pagamento è stato rifiutato."},
    # 3-D Secure and app confirmation (simulated)
    "challenge_title": {"en-US": "3-D Secure verification", "de-CH": "3-D Secure-Verifizierung",
                        "fr-CH": "Vérification 3-D Secure", "it-CH": "Verifica 3-D Secure"},
    "challenge_text": {"en-US": "Your bank asks you to confirm the payment of {amount} with card {card}.",
                       "de-CH": "Ihre Bank bittet Sie, die Zahlung von {amount} mit der Karte {card} zu bestätigen.",
                       "fr-CH": "Votre banque vous demande de confirmer le paiement de {amount} avec la carte {card}.",
                       "it-CH": "La sua banca le chiede di confermare il pagamento di {amount} con la carta {card}."},
    "wallet_title": {"en-US": "Confirm in the app", "de-CH": "In der App bestätigen",
                     "fr-CH": "Confirmez dans l'application", "it-CH": "Confermi nell'app"},
    "wallet_confirm": {"en-US": "Confirm the payment of {amount} in the app.",
                       "de-CH": "Bestätigen Sie die Zahlung von {amount} in der App.",
                       "fr-CH": "Confirmez le paiement de {amount} dans l'application.",
                       "it-CH": "Confermi il pagamento di {amount} nell'app."},
    "simulator_note": {"en-US": "Paystead simulator: choose the outcome.",
                       "de-CH": "Paystead-Simulator: Wählen Sie das Ergebnis.",
                       "fr-CH": "Simulateur Paystead : choisissez le résultat.",
                       "it-CH": "Simulatore Paystead: scelga l'esito."},
    "approve": {"en-US": "Approve", "de-CH": "Bestätigen", "fr-CH": "Approuver", "it-CH": "Approva"},
    "reject": {"en-US": "Fail", "de-CH": "Ablehnen", "fr-CH": "Refuser", "it-CH": "Rifiuta"},
    "closed": {"en-US": "This verification is no longer open.", "de-CH": "Diese Verifizierung ist nicht mehr offen.",
               "fr-CH": "Cette vérification n'est plus ouverte.", "it-CH": "Questa verifica non è più aperta."},
    # Results
    "success_title": {"en-US": "Payment successful", "de-CH": "Zahlung erfolgreich", "fr-CH": "Paiement réussi",
                      "it-CH": "Pagamento riuscito"},
    "success_text": {"en-US": "Thank you. Your payment of {amount} was received.",
                     "de-CH": "Vielen Dank. Ihre Zahlung von {amount} ist eingegangen.",
                     "fr-CH": "Merci. Votre paiement de {amount} a été reçu.",
                     "it-CH": "Grazie. Il suo pagamento di {amount} è stato ricevuto."},
    "failed_title": {"en-US": "Payment failed", "de-CH": "Zahlung fehlgeschlagen", "fr-CH": "Échec du paiement",
                     "it-CH": "Pagamento non riuscito"},
    "failed_text": {"en-US": "The payment could not be completed.",
                    "de-CH": "Die Zahlung konnte nicht abgeschlossen werden.",
                    "fr-CH": "Le paiement n'a pas pu être effectué.",
                    "it-CH": "Il pagamento non ha potuto essere completato."},
    "status": {"en-US": "Status", "de-CH": "Status", "fr-CH": "Statut", "it-CH": "Stato"},
    # A transaction's state as a buyer reads it (the raw state stays in the page's data-state).
    "state_CREATE": {"en-US": "Being prepared", "de-CH": "In Vorbereitung", "fr-CH": "En préparation",
                     "it-CH": "In preparazione"},
    "state_PENDING": {"en-US": "Waiting for payment", "de-CH": "Wartet auf die Zahlung",
                      "fr-CH": "En attente du paiement", "it-CH": "In attesa del pagamento"},
    "state_CONFIRMED": {"en-US": "Waiting for payment", "de-CH": "Wartet auf die Zahlung",
                        "fr-CH": "En attente du paiement", "it-CH": "In attesa del pagamento"},
    "state_PROCESSING": {"en-US": "Being processed", "de-CH": "Wird verarbeitet", "fr-CH": "En cours de traitement",
                         "it-CH": "In elaborazione"},
    "state_AUTHORIZED": {"en-US": "Approved, the amount is reserved", "de-CH": "Bestätigt, der Betrag ist reserviert",
                         "fr-CH": "Approuvé, le montant est réservé", "it-CH": "Approvato, l'importo è riservato"},
    "state_COMPLETED": {"en-US": "Paid", "de-CH": "Bezahlt", "fr-CH": "Payé", "it-CH": "Pagato"},
    "state_FULFILL": {"en-US": "Paid", "de-CH": "Bezahlt", "fr-CH": "Payé", "it-CH": "Pagato"},
    "state_FAILED": {"en-US": "Not paid", "de-CH": "Nicht bezahlt", "fr-CH": "Non payé", "it-CH": "Non pagato"},
    "state_VOIDED": {"en-US": "Cancelled", "de-CH": "Storniert", "fr-CH": "Annulé", "it-CH": "Annullato"},
    "state_DECLINE": {"en-US": "Declined by the shop", "de-CH": "Vom Shop abgelehnt", "fr-CH": "Refusé par la boutique",
                      "it-CH": "Rifiutato dal negozio"},
    # The lightbox's messages to the merchant's page (its error callback)
    "already_open": {"en-US": "The payment is already open.", "de-CH": "Die Zahlung ist bereits geöffnet.",
                     "fr-CH": "Le paiement est déjà ouvert.", "it-CH": "Il pagamento è già aperto."},
    "form_failed": {"en-US": "The payment form could not be loaded.",
                    "de-CH": "Das Zahlungsformular konnte nicht geladen werden.",
                    "fr-CH": "Le formulaire de paiement n'a pas pu être chargé.",
                    "it-CH": "Il modulo di pagamento non ha potuto essere caricato."},
    # The demo shop (a merchant's shop, in the buyer's language as a shop would be)
    "demo_shop": {"en-US": "Demo shop", "de-CH": "Demo-Shop", "fr-CH": "Boutique de démonstration",
                  "it-CH": "Negozio dimostrativo"},
    "demo_title": {"en-US": "Paystead demo shop", "de-CH": "Paystead-Demo-Shop",
                   "fr-CH": "Boutique de démonstration Paystead", "it-CH": "Negozio dimostrativo Paystead"},
    "demo_intro": {"en-US": "A shop as a merchant would build it: choose what to buy, then pay in Paystead's "
                            "lightbox. Payments go to Paystead's simulator; the name on the card is optional.",
                   "de-CH": "Ein Shop, wie ihn ein Händler bauen würde: Wählen Sie Ihre Artikel und bezahlen Sie "
                            "in der Lightbox von Paystead. Zahlungen gehen an den Simulator von Paystead; der Name "
                            "auf der Karte ist freiwillig.",
                   "fr-CH": "Une boutique telle qu'un commerçant la construirait : choisissez vos articles, puis "
                            "payez dans la lightbox de Paystead. Les paiements vont au simulateur de Paystead ; "
                            "le nom sur la carte est facultatif.",
                   "it-CH": "Un negozio come lo costruirebbe un commerciante: scelga gli articoli, poi paghi nella "
                            "lightbox di Paystead. I pagamenti vanno al simulatore di Paystead; il nome sulla carta "
                            "è facoltativo."},
    "demo_cards": {"en-US": "Test cards (any future expiry date, any CVC):",
                   "de-CH": "Testkarten (beliebiges zukünftiges Ablaufdatum, beliebige Prüfnummer):",
                   "fr-CH": "Cartes de test (toute date d'expiration future, tout code de sécurité) :",
                   "it-CH": "Carte di prova (qualsiasi data di scadenza futura, qualsiasi codice di sicurezza):"},
    "demo_card_approved": {"en-US": "approved", "de-CH": "bestätigt", "fr-CH": "approuvée", "it-CH": "approvata"},
    "demo_card_declined": {"en-US": "declined", "de-CH": "abgelehnt", "fr-CH": "refusée", "it-CH": "rifiutata"},
    "demo_card_3ds": {"en-US": "3-D Secure", "de-CH": "3-D Secure", "fr-CH": "3-D Secure", "it-CH": "3-D Secure"},
    "demo_language": {"en-US": "Language of the payment", "de-CH": "Sprache der Zahlung",
                      "fr-CH": "Langue du paiement", "it-CH": "Lingua del pagamento"},
    "demo_show_language": {"en-US": "Show the shop in this language", "de-CH": "Shop in dieser Sprache anzeigen",
                           "fr-CH": "Afficher la boutique dans cette langue",
                           "it-CH": "Mostra il negozio in questa lingua"},
    "demo_products": {"en-US": "Products", "de-CH": "Produkte", "fr-CH": "Produits", "it-CH": "Prodotti"},
    "checkout": {"en-US": "Checkout", "de-CH": "Zur Kasse", "fr-CH": "Passer à la caisse", "it-CH": "Alla cassa"},
    "demo_embedded": {"en-US": "Pay in this page instead (embedded form)",
                      "de-CH": "Stattdessen auf dieser Seite bezahlen (eingebettetes Formular)",
                      "fr-CH": "Payer plutôt dans cette page (formulaire intégré)",
                      "it-CH": "Paga invece in questa pagina (modulo integrato)"},
    "demo_lightbox": {"en-US": "Pay in the lightbox instead", "de-CH": "Stattdessen in der Lightbox bezahlen",
                      "fr-CH": "Payer plutôt dans la lightbox", "it-CH": "Paga invece nella lightbox"},
    "demo_back": {"en-US": "Back to the shop", "de-CH": "Zurück zum Shop", "fr-CH": "Retour à la boutique",
                  "it-CH": "Torna al negozio"},
    "demo_order_title": {"en-US": "Order", "de-CH": "Bestellung", "fr-CH": "Commande", "it-CH": "Ordine"},
    "demo_sandbox_only": {"en-US": "The demo shop runs in sandbox mode only.",
                          "de-CH": "Der Demo-Shop läuft nur im Sandbox-Modus.",
                          "fr-CH": "La boutique de démonstration ne fonctionne qu'en mode sandbox.",
                          "it-CH": "Il negozio dimostrativo funziona solo in modalità sandbox."},
    "demo_no_space": {"en-US": "There is no active space to sell into.",
                      "de-CH": "Es gibt keinen aktiven Space, in den verkauft werden kann.",
                      "fr-CH": "Il n'y a aucun espace actif dans lequel vendre.",
                      "it-CH": "Non c'è nessuno spazio attivo in cui vendere."},
    "product_mug": {"en-US": "Paystead mug", "de-CH": "Paystead-Tasse", "fr-CH": "Tasse Paystead",
                    "it-CH": "Tazza Paystead"},
    "product_tshirt": {"en-US": "T-shirt", "de-CH": "T-Shirt", "fr-CH": "T-shirt", "it-CH": "Maglietta"},
    "product_book": {"en-US": "Payments, explained (book)", "de-CH": "Zahlungen erklärt (Buch)",
                     "fr-CH": "Les paiements expliqués (livre)", "it-CH": "I pagamenti spiegati (libro)"},
    "transaction": {"en-US": "Transaction", "de-CH": "Transaktion", "fr-CH": "Transaction", "it-CH": "Transazione"},
    "not_found": {"en-US": "This payment does not exist or the link is incomplete.",
                  "de-CH": "Diese Zahlung existiert nicht oder der Link ist unvollständig.",
                  "fr-CH": "Ce paiement n'existe pas ou le lien est incomplet.",
                  "it-CH": "Questo pagamento non esiste o il link è incompleto."},
    "redirecting": {"en-US": "Continuing…", "de-CH": "Weiter…", "fr-CH": "Suite…", "it-CH": "Continua…"},
    "continue": {"en-US": "Continue", "de-CH": "Weiter", "fr-CH": "Continuer", "it-CH": "Continua"},
    "cancel": {"en-US": "Cancel payment", "de-CH": "Zahlung abbrechen", "fr-CH": "Annuler le paiement",
               "it-CH": "Annulla il pagamento"},
    "close": {"en-US": "Close payment", "de-CH": "Zahlung schliessen", "fr-CH": "Fermer le paiement",
              "it-CH": "Chiudi il pagamento"},
    # Payment links
    "link_continue": {"en-US": "Continue to payment", "de-CH": "Weiter zur Zahlung", "fr-CH": "Continuer vers le paiement",
                      "it-CH": "Continua al pagamento"},
    "link_unavailable": {"en-US": "This payment link cannot be used", "de-CH": "Dieser Zahlungslink ist nicht nutzbar",
                         "fr-CH": "Ce lien de paiement ne peut pas être utilisé",
                         "it-CH": "Questo link di pagamento non può essere usato"},
    "link_inactive": {"en-US": "The link has been deactivated.", "de-CH": "Der Link wurde deaktiviert.",
                      "fr-CH": "Le lien a été désactivé.", "it-CH": "Il link è stato disattivato."},
    "link_not_yet": {"en-US": "The link can be used from {date}.", "de-CH": "Der Link ist ab {date} nutzbar.",
                     "fr-CH": "Le lien peut être utilisé à partir du {date}.",
                     "it-CH": "Il link può essere usato dal {date}."},
    "link_expired": {"en-US": "The link could be used until {date}.", "de-CH": "Der Link war bis {date} nutzbar.",
                     "fr-CH": "Le lien pouvait être utilisé jusqu'au {date}.",
                     "it-CH": "Il link poteva essere usato fino al {date}."},
    "link_exhausted": {"en-US": "The link has reached its maximum number of payments.",
                       "de-CH": "Der Link hat die maximale Anzahl Zahlungen erreicht.",
                       "fr-CH": "Le lien a atteint son nombre maximal de paiements.",
                       "it-CH": "Il link ha raggiunto il numero massimo di pagamenti."},
    "link_currency_missing": {"en-US": "The link names no currency: add ?currency=CHF (or another code) to it.",
                              "de-CH": "Der Link nennt keine Währung: Ergänzen Sie ?currency=CHF (oder einen anderen Code).",
                              "fr-CH": "Le lien n'indique pas de devise : ajoutez ?currency=CHF (ou un autre code).",
                              "it-CH": "Il link non indica una valuta: aggiunga ?currency=CHF (o un altro codice)."},
    "link_currency_mismatch": {"en-US": "This link takes payments in {currency} only.",
                               "de-CH": "Dieser Link nimmt nur Zahlungen in {currency} an.",
                               "fr-CH": "Ce lien n'accepte que des paiements en {currency}.",
                               "it-CH": "Questo link accetta solo pagamenti in {currency}."},
    "link_amount_missing": {"en-US": "The link has no items: add ?amount=10.00 to it.",
                            "de-CH": "Der Link hat keine Artikel: Ergänzen Sie ?amount=10.00.",
                            "fr-CH": "Le lien n'a pas d'articles : ajoutez ?amount=10.00.",
                            "it-CH": "Il link non ha articoli: aggiunga ?amount=10.00."},
    "link_amount_invalid": {"en-US": "The amount in the link is not valid for {currency}.",
                            "de-CH": "Der Betrag im Link ist für {currency} nicht gültig.",
                            "fr-CH": "Le montant du lien n'est pas valable pour {currency}.",
                            "it-CH": "L'importo nel link non è valido per {currency}."},
    "link_redirect_refused": {"en-US": "The address to return to ({name}) is not allowed for this link.",
                              "de-CH": "Die Rücksprungadresse ({name}) ist für diesen Link nicht erlaubt.",
                              "fr-CH": "L'adresse de retour ({name}) n'est pas autorisée pour ce lien.",
                              "it-CH": "L'indirizzo di ritorno ({name}) non è consentito per questo link."},
    "link_address_missing": {"en-US": "The link must carry the billing address (billingAddress.* parameters).",
                             "de-CH": "Der Link muss die Rechnungsadresse enthalten (Parameter billingAddress.*).",
                             "fr-CH": "Le lien doit contenir l'adresse de facturation (paramètres billingAddress.*).",
                             "it-CH": "Il link deve contenere l'indirizzo di fatturazione (parametri billingAddress.*)."},
    "billing_address": {"en-US": "Billing address", "de-CH": "Rechnungsadresse", "fr-CH": "Adresse de facturation",
                        "it-CH": "Indirizzo di fatturazione"},
    "shipping_address": {"en-US": "Shipping address", "de-CH": "Lieferadresse", "fr-CH": "Adresse de livraison",
                         "it-CH": "Indirizzo di consegna"},
    "given_name": {"en-US": "First name", "de-CH": "Vorname", "fr-CH": "Prénom", "it-CH": "Nome"},
    "family_name": {"en-US": "Last name", "de-CH": "Nachname", "fr-CH": "Nom", "it-CH": "Cognome"},
    "street": {"en-US": "Street and number", "de-CH": "Strasse und Nummer", "fr-CH": "Rue et numéro",
               "it-CH": "Via e numero"},
    "postcode": {"en-US": "Postcode", "de-CH": "PLZ", "fr-CH": "NPA", "it-CH": "NAP"},
    "city": {"en-US": "City", "de-CH": "Ort", "fr-CH": "Localité", "it-CH": "Località"},
    "country": {"en-US": "Country (2 letters)", "de-CH": "Land (2 Buchstaben)", "fr-CH": "Pays (2 lettres)",
                "it-CH": "Paese (2 lettere)"},
    "email": {"en-US": "Email", "de-CH": "E-Mail", "fr-CH": "E-mail", "it-CH": "E-mail"},
}

# Texts the page's script needs (validation runs in the browser before the server checks again).
SCRIPT_TEXTS = ("required", "card_number_invalid", "card_brand_unsupported", "expiry_invalid", "expiry_past",
                "cvc_invalid", "method_required", "error_summary")


def pick(*tags: str | None) -> str:
    """The first supported locale matching one of ``tags`` (IETF tags or Accept-Language values)."""
    for tag in tags:
        for part in (tag or "").split(","):
            wanted = part.split(";")[0].strip().replace("_", "-").lower()
            if not wanted:
                continue
            for locale in SUPPORTED:
                if locale.lower() == wanted:
                    return locale
            language = wanted.split("-")[0]
            for locale in SUPPORTED:
                if locale.split("-")[0] == language:
                    return locale
    return DEFAULT


def language_name(locale: str) -> str:
    """A locale's name in its own language ("Deutsch (Schweiz)"), as language choices show it."""
    babel_locale = Locale.parse(locale.replace("-", "_"))
    name = babel_locale.get_display_name(babel_locale) or locale
    return name[:1].upper() + name[1:]


def _currency_spacing(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel does not apply: a symbol made of letters (``CHF``, not
    ``$``) is kept apart from the digits by a no-break space, so en-US reads ``CHF 18.50``
    where Babel alone writes ``CHF18.50``."""
    at = text.find(symbol)
    if at < 0 or not symbol:
        return text

    def letter_like(char: str) -> bool:
        return not unicodedata.category(char).startswith(("S", "Z"))

    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and letter_like(symbol[-1]):
        text = text[:end] + "\u00a0" + text[end:]
    if at > 0 and text[at - 1].isdigit() and letter_like(symbol[0]):
        text = text[:at] + "\u00a0" + text[at:]
    return text


class Texts:
    """The texts of one locale: ``texts("pay", amount="CHF 10.00")``."""

    def __init__(self, locale: str):
        self.locale = locale

    def __call__(self, key: str, **values) -> str:
        text = _TEXTS[key].get(self.locale) or _TEXTS[key][DEFAULT]
        return text.format(**values) if values else text

    @property
    def language(self) -> str:
        return self.locale.split("-")[0]

    def money(self, amount: Decimal, currency: str) -> str:
        """The amount as the locale writes it: ``CHF 18.50`` (en-US, de-CH, it-CH), ``18,50 CHF``
        (fr-CH), ``$18.50``."""
        babel_locale = self.locale.replace("-", "_")
        text = format_currency(amount, currency, locale=babel_locale)
        return _currency_spacing(text, get_currency_symbol(currency, locale=babel_locale))

    def state(self, state: str | None) -> str:
        """A transaction's state in words (``FULFILL`` -> "Paid")."""
        key = f"state_{state}"
        return self(key) if key in _TEXTS else str(state or "")

    def script_texts(self) -> dict[str, str]:
        return {key: self(key) for key in SCRIPT_TEXTS}

    def method_name(self, method_id: int) -> str | None:
        key = f"method_{method_id}"
        return self(key) if key in _TEXTS else None

    def reason(self, key: str | None) -> str:
        return self(f"reason_{key}" if f"reason_{key}" in _TEXTS else "reason_OTHER")
